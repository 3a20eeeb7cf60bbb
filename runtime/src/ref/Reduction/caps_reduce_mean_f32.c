/**
 * @file caps_reduce_mean_f32.c
 * @brief caps_reduce_mean_f32 - mean over the masked axes (ONNX ReduceMean), float.
 *
 * The input has shape in_dims[0 .. rank); bit d of axes_mask selects dim d for reduction. The output holds
 * the kept dims in their order (keepdims only changes the shape, not the memory layout). An empty mask
 * (axes_mask = 0) is an identity copy (ONNX noop_with_empty_axes; the compiler sets every bit for
 * ONNX's default "reduce all").
 *
 * Evaluation order (the definition of the result, bit for bit), per output element:
 *   the float sum (acc = +0.0f, then acc = acc + x in increasing input address), divided by
 *   (float)count, count being the product of the reduced dims.
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
caps_status_t caps_reduce_mean_f32(const caps_reduce_params_t *params, const float *input, float *output) {
    return caps_ref_reduce(params, input, output, CAPS_REF_REDUCE_MEAN);
}
