/**
 * @file caps_reduce_max_s8.c
 * @brief caps_reduce_max_s8 - maximum over the masked axes (ONNX ReduceMax), int8, same quantization in and out.
 *
 * Shapes and axes exactly as caps_reduce_max_f32: the input has shape in_dims[0 .. rank), bit d of axes_mask
 * selects dim d, the output holds the kept dims in their order, an empty mask is an identity copy.
 * Each output element is the largest reduced element.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_reduce.h"

/**
 * Reduces the axes selected by axes_mask.
 * @param params rank 1..CAPS_MAX_DIMS, in_dims > 0 (product <= INT32_MAX), axes_mask with bits below rank only
 * @param input  dense tensor of shape in_dims
 * @param output the kept dims; must not overlap the input
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL tensors or invalid parameters
 */
caps_status_t caps_reduce_max_s8(const caps_reduce_params_t *params, const int8_t *input, int8_t *output) {
    return caps_ref_reduce_s8(params, input, output, CAPS_REF_REDUCE_MAX);
}
