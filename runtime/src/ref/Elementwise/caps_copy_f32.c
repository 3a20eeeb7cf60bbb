/**
 * @file caps_copy_f32.c
 * @brief caps_copy_f32 - plain copy of size floats (reshape into a distinct buffer, graph output from an input).
 *
 * Bit-exact copy (NaN payloads and signed zeros are preserved). The buffers may overlap or be equal.
 */
#include "capsrt/capsrt.h"

#include <string.h>

#include "../internal/ref_elementwise.h"

/**
 * Copies size floats from input to output.
 * @param params size (> 0); alpha / beta unused
 * @param input  size floats
 * @param output size floats; may overlap input
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL pointers or size <= 0
 */
caps_status_t caps_copy_f32(const caps_unary_params_t *params, const float *input, float *output) {
    if (caps_ref_check_unary(params, input, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    if (output != input)
        memmove(output, input, (size_t)params->size * sizeof(float));
    return CAPS_OK;
}
