/**
 * @file ref_move.c
 * @brief Parameter validation of the data-movement ref/ kernels (see ref_move.h).
 */
#include "ref_move.h"

caps_status_t caps_ref_transpose_gather(const caps_transpose_params_t *params,
                                        const void *input,
                                        const void *output,
                                        caps_ref_gather_t *gather) {
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
    caps_ref_dense_strides(p->rank, p->in_dims, in_strides);
    gather->rank = p->rank;
    gather->base = 0;
    for (int32_t d = 0; d < p->rank; ++d) {
        gather->dims[d] = p->in_dims[p->perm[d]];
        gather->strides[d] = in_strides[p->perm[d]]; /* input stride per output dim */
    }
    return CAPS_OK;
}

caps_status_t caps_ref_slice_gather(const caps_slice_params_t *params,
                                    const void *input,
                                    const void *output,
                                    caps_ref_gather_t *gather) {
    if (params == NULL || input == NULL || output == NULL)
        return CAPS_ERR_ARG;
    const caps_slice_params_t *p = params;
    if (caps_ref_shape_count(p->rank, p->in_dims, 1) < 0 || caps_ref_shape_count(p->rank, p->out_dims, 1) < 0)
        return CAPS_ERR_ARG;
    int32_t in_strides[CAPS_MAX_DIMS] = {0};
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
        gather->strides[d] = p->out_dims[d] > 1 ? p->steps[d] * in_strides[d] : 0;
        gather->dims[d] = p->out_dims[d];
    }
    gather->rank = p->rank;
    gather->base = base;
    return CAPS_OK;
}

caps_status_t caps_ref_check_concat(const caps_concat_params_t *params, const void *input, const void *output) {
    if (params == NULL || input == NULL || output == NULL)
        return CAPS_ERR_ARG;
    const caps_concat_params_t *p = params;
    if (caps_ref_mul(p->outer, p->in_inner) < 0 || caps_ref_mul(p->outer, p->out_inner) < 0)
        return CAPS_ERR_ARG;
    if (p->offset < 0 || p->offset > p->out_inner - p->in_inner)
        return CAPS_ERR_ARG;
    return CAPS_OK;
}

caps_status_t caps_ref_check_pad(const caps_pad_params_t *params, const void *input, const void *output) {
    if (params == NULL || input == NULL || output == NULL)
        return CAPS_ERR_ARG;
    const caps_pad_params_t *p = params;
    if (caps_ref_shape_count(p->rank, p->in_dims, 1) < 0 || caps_ref_shape_count(p->rank, p->out_dims, 1) < 0)
        return CAPS_ERR_ARG;
    if (p->mode != CAPS_PAD_CONSTANT && p->mode != CAPS_PAD_REFLECT && p->mode != CAPS_PAD_EDGE)
        return CAPS_ERR_ARG;
    return CAPS_OK;
}
