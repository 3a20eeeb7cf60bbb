/**
 * @file caps_copy_s8.c
 * @brief caps_copy_s8 - plain copy of size int8 values (reshape into a distinct buffer, graph output from
 *        an input). The buffers may overlap or be equal.
 */
#include "capsrt/capsrt.h"

#include <string.h>

#include "../internal/ref_elementwise.h"

/**
 * Copies size bytes from input to output.
 * @param params size (> 0); alpha / beta unused
 * @param input  size int8 values
 * @param output size int8 values; may overlap input
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL pointers or size <= 0
 */
caps_status_t caps_copy_s8(const caps_unary_params_t *params, const int8_t *input, int8_t *output) {
    if (caps_ref_check_unary(params, input, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    if (output != input)
        memmove(output, input, (size_t)params->size);
    return CAPS_OK;
}
