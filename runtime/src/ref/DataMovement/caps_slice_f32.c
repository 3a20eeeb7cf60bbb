/**
 * @file caps_slice_f32.c
 * @brief caps_slice_f32 - strided slice (ONNX Slice with resolved starts and steps), float.
 *
 * The input is dense with shape in_dims[0 .. rank), the output dense with shape out_dims:
 *   out[o_0, ..., o_{rank-1}] = in[starts[0] + o_0 * steps[0], ..., starts[r] + o_r * steps[r]].
 * Steps may be negative (reverse slices), never 0. The compiler clamps ONNX's starts / ends, so every
 * index read must lie inside the input: for each dim, starts[d] and starts[d] + (out_dims[d] - 1) * steps[d]
 * are in [0, in_dims[d]). The output is written in row-major order; values are copied unchanged.
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
caps_status_t caps_slice_f32(const caps_slice_params_t *params, const float *input, float *output) {
    caps_ref_gather_t gather;
    if (caps_ref_slice_gather(params, input, output, &gather) != CAPS_OK)
        return CAPS_ERR_ARG;
    caps_ref_gather(&gather, input, output, sizeof(float));
    return CAPS_OK;
}
