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

#include "../internal/ref_util.h"

/**
 * Strided slice of a dense tensor.
 * @param params rank 1..CAPS_MAX_DIMS, in_dims / out_dims > 0 (products <= INT32_MAX), steps != 0,
 *               first and last index of every dim inside the input
 * @param input  dense tensor of shape in_dims
 * @param output dense tensor of shape out_dims; must not overlap the input
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL tensors or invalid parameters
 */
caps_status_t caps_slice_f32(const caps_slice_params_t *params, const float *input, float *output) {
    if (params == NULL || input == NULL || output == NULL)
        return CAPS_ERR_ARG;
    const caps_slice_params_t *p = params;
    if (caps_ref_shape_count(p->rank, p->in_dims, 1) < 0 || caps_ref_shape_count(p->rank, p->out_dims, 1) < 0)
        return CAPS_ERR_ARG;
    int32_t in_strides[CAPS_MAX_DIMS] = {0};
    int32_t strides[CAPS_MAX_DIMS] = {0}; /* input element step per output dim */
    caps_ref_dense_strides(p->rank, p->in_dims, in_strides);
    int32_t base = 0;
    for (int32_t d = 0; d < p->rank; ++d) {
        if (p->steps[d] == 0 || p->starts[d] < 0 || p->starts[d] >= p->in_dims[d])
            return CAPS_ERR_ARG;
        const int64_t end = (int64_t)p->starts[d] + (int64_t)(p->out_dims[d] - 1) * p->steps[d];
        if (end < 0 || end >= p->in_dims[d])
            return CAPS_ERR_ARG;
        base += p->starts[d] * in_strides[d];
        /* |(out_dims - 1) * steps| < in_dims here, so the product fits; a size-1 dim never steps. */
        strides[d] = p->out_dims[d] > 1 ? p->steps[d] * in_strides[d] : 0;
    }
    const int32_t last = p->rank - 1;
    const int32_t inner = p->out_dims[last];
    const int32_t inner_stride = strides[last];
    caps_ref_iter_t it;
    caps_ref_iter_init(&it, last, p->out_dims, strides, base, NULL, 0);
    float *out = output;
    do {
        const float *x = input + it.off_a;
        for (int32_t i = 0; i < inner; ++i)
            out[i] = x[i * inner_stride];
        out += inner;
    } while (caps_ref_iter_next(&it));
    return CAPS_OK;
}
