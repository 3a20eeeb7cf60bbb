/**
 * @file ref_reduce.h
 * @brief The reduction loop shared by caps_reduce_sum_f32, caps_reduce_mean_f32 and caps_reduce_max_f32.
 *
 * For each output element (the kept dims in row-major order), the reduced elements are visited in
 * row-major order of the reduced dims, i.e. in increasing input address:
 *   sum:  acc = +0.0f, then acc = acc + x for each element;
 *   mean: the sum, then acc / (float)count (count = product of the reduced dims);
 *   max:  acc = first element, then acc = x when x > acc or x is NaN (NaN propagates, as numpy's max).
 * An empty axes_mask copies the input unchanged (bit for bit).
 */
#ifndef CAPSRT_REF_INTERNAL_REF_REDUCE_H
#define CAPSRT_REF_INTERNAL_REF_REDUCE_H

#include "ref_util.h"

typedef enum { CAPS_REF_REDUCE_SUM, CAPS_REF_REDUCE_MEAN, CAPS_REF_REDUCE_MAX } caps_ref_reduce_kind_t;

/**
 * CAPS_OK when params and the tensors are non-NULL, 1 <= rank <= CAPS_MAX_DIMS, in_dims is a valid shape
 * and axes_mask only has bits below rank.
 */
caps_status_t caps_ref_check_reduce(const caps_reduce_params_t *params, const float *input, const float *output);

static inline caps_status_t
caps_ref_reduce(const caps_reduce_params_t *params, const float *input, float *output, caps_ref_reduce_kind_t kind) {
    if (caps_ref_check_reduce(params, input, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    const int32_t rank = params->rank;
    if (params->axes_mask == 0) {
        /* Identity, bit for bit (+0.0f + -0.0f would lose the sign of a zero). */
        const int32_t count = caps_ref_shape_count(rank, params->in_dims, 1);
        for (int32_t i = 0; i < count; ++i)
            output[i] = input[i];
        return CAPS_OK;
    }
    int32_t in_strides[CAPS_MAX_DIMS] = {0};
    caps_ref_dense_strides(rank, params->in_dims, in_strides);
    /* Split the dims into kept (outer loop) and reduced (inner loop), both in their original order. */
    int32_t kept_dims[CAPS_MAX_DIMS] = {0};
    int32_t kept_strides[CAPS_MAX_DIMS] = {0};
    int32_t kept_rank = 0;
    int32_t red_dims[CAPS_MAX_DIMS] = {0};
    int32_t red_strides[CAPS_MAX_DIMS] = {0};
    int32_t red_rank = 0;
    int32_t red_count = 1;
    for (int32_t d = 0; d < rank; ++d) {
        if ((params->axes_mask >> d) & 1) {
            red_dims[red_rank] = params->in_dims[d];
            red_strides[red_rank] = in_strides[d];
            red_rank += 1;
            red_count *= params->in_dims[d];
        } else {
            kept_dims[kept_rank] = params->in_dims[d];
            kept_strides[kept_rank] = in_strides[d];
            kept_rank += 1;
        }
    }
    caps_ref_iter_t outer;
    caps_ref_iter_init(&outer, kept_rank, kept_dims, kept_strides, 0, NULL, 0);
    float *out = output;
    do {
        caps_ref_iter_t inner;
        caps_ref_iter_init(&inner, red_rank, red_dims, red_strides, outer.off_a, NULL, 0);
        float acc = kind == CAPS_REF_REDUCE_MAX ? input[inner.off_a] : 0.0f;
        do {
            const float x = input[inner.off_a];
            if (kind == CAPS_REF_REDUCE_MAX) {
                if (x > acc || x != x)
                    acc = x;
            } else {
                acc = acc + x;
            }
        } while (caps_ref_iter_next(&inner));
        if (kind == CAPS_REF_REDUCE_MEAN)
            acc = acc / (float)red_count;
        *out++ = acc;
    } while (caps_ref_iter_next(&outer));
    return CAPS_OK;
}

#endif /* CAPSRT_REF_INTERNAL_REF_REDUCE_H */
