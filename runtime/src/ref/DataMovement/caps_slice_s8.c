/**
 * @file caps_slice_s8.c
 * @brief caps_slice_s8 - strided slice (ONNX Slice with resolved starts and steps), int8.
 *
 * Parameters, validation and element order exactly as caps_slice_f32 (the same gather, ref_move.h);
 * values are copied unchanged.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_move.h"

/**
 * Strided slice of a dense tensor.
 * @param params rank 1..CAPS_MAX_DIMS, in_dims / out_dims > 0 (products <= INT32_MAX), steps != 0,
 *               first and last index of every dim inside the input
 * @param input  dense tensor of shape in_dims
 * @param output dense tensor of shape out_dims; must not overlap the input
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL tensors or invalid parameters
 */
caps_status_t caps_slice_s8(const caps_slice_params_t *params, const int8_t *input, int8_t *output) {
    caps_ref_gather_t gather;
    if (caps_ref_slice_gather(params, input, output, &gather) != CAPS_OK)
        return CAPS_ERR_ARG;
    caps_ref_gather(&gather, input, output, sizeof(int8_t));
    return CAPS_OK;
}
