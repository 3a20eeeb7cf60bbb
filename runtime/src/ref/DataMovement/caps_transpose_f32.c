/**
 * @file caps_transpose_f32.c
 * @brief caps_transpose_f32 - dimension permutation (ONNX Transpose), float.
 *
 * The input is dense with shape in_dims[0 .. rank); output dim d is input dim perm[d], so the output has
 * shape in_dims[perm[0]], ..., in_dims[perm[rank - 1]] and
 *   out[i_0, ..., i_{rank-1}] = in[j] with j[perm[d]] = i_d.
 * The output is written in row-major order. Values are copied unchanged.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_util.h"

/**
 * Permutes the dims of a dense tensor.
 * @param params rank 1..CAPS_MAX_DIMS, in_dims > 0 (product <= INT32_MAX), perm a permutation of 0..rank-1
 * @param input  dense tensor of shape in_dims
 * @param output dense tensor of the permuted shape; must not overlap the input
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL tensors or invalid parameters
 */
caps_status_t caps_transpose_f32(const caps_transpose_params_t *params, const float *input, float *output) {
    if (params == NULL || input == NULL || output == NULL)
        return CAPS_ERR_ARG;
    const caps_transpose_params_t *p = params;
    if (caps_ref_shape_count(p->rank, p->in_dims, 1) < 0)
        return CAPS_ERR_ARG;
    int32_t seen = 0;
    for (int32_t d = 0; d < p->rank; ++d) {
        if (p->perm[d] < 0 || p->perm[d] >= p->rank || ((seen >> p->perm[d]) & 1))
            return CAPS_ERR_ARG;
        seen |= 1 << p->perm[d];
    }
    int32_t in_strides[CAPS_MAX_DIMS] = {0};
    int32_t out_dims[CAPS_MAX_DIMS] = {0};
    int32_t strides[CAPS_MAX_DIMS] = {0}; /* input stride per output dim */
    caps_ref_dense_strides(p->rank, p->in_dims, in_strides);
    for (int32_t d = 0; d < p->rank; ++d) {
        out_dims[d] = p->in_dims[p->perm[d]];
        strides[d] = in_strides[p->perm[d]];
    }
    const int32_t last = p->rank - 1;
    const int32_t inner = out_dims[last];
    const int32_t inner_stride = strides[last];
    caps_ref_iter_t it;
    caps_ref_iter_init(&it, last, out_dims, strides, 0, NULL, 0);
    float *out = output;
    do {
        const float *x = input + it.off_a;
        for (int32_t i = 0; i < inner; ++i)
            out[i] = x[i * inner_stride];
        out += inner;
    } while (caps_ref_iter_next(&it));
    return CAPS_OK;
}
