/**
 * @file ref_reduce.h
 * @brief The reduction loop shared by caps_reduce_sum_f32, caps_reduce_mean_f32 and caps_reduce_max_f32, and
 *        the validation and dim split shared with caps_reduce_mean_s8 and caps_reduce_max_s8.
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

#include "ref_s8.h"
#include "ref_util.h"

typedef enum { CAPS_REF_REDUCE_SUM, CAPS_REF_REDUCE_MEAN, CAPS_REF_REDUCE_MAX } caps_ref_reduce_kind_t;

/**
 * CAPS_OK when params and the tensors are non-NULL, 1 <= rank <= CAPS_MAX_DIMS, in_dims is a valid shape
 * and axes_mask only has bits below rank. The element type does not matter here.
 */
caps_status_t caps_ref_check_reduce(const caps_reduce_params_t *params, const void *input, const void *output);

/**
 * The dims of a validated reduction split into kept dims (the output, outer loop) and reduced dims (inner
 * loop), both in their original order, with their dense input strides; red_count is the number of
 * reduced elements per output element. Shared by the f32 and s8 reductions so they visit the same
 * elements in the same order.
 */
typedef struct {
    int32_t kept_rank;
    int32_t kept_dims[CAPS_MAX_DIMS];
    int32_t kept_strides[CAPS_MAX_DIMS];
    int32_t red_rank;
    int32_t red_dims[CAPS_MAX_DIMS];
    int32_t red_strides[CAPS_MAX_DIMS];
    int32_t red_count;
} caps_ref_reduce_plan_t;

/** Fills plan from params, which caps_ref_check_reduce must have accepted. */
void caps_ref_reduce_plan(const caps_reduce_params_t *params, caps_ref_reduce_plan_t *plan);

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
    caps_ref_reduce_plan_t plan;
    caps_ref_reduce_plan(params, &plan);
    caps_ref_iter_t outer;
    caps_ref_iter_init(&outer, plan.kept_rank, plan.kept_dims, plan.kept_strides, 0, NULL, 0);
    float *out = output;
    do {
        caps_ref_iter_t inner;
        caps_ref_iter_init(&inner, plan.red_rank, plan.red_dims, plan.red_strides, outer.off_a, NULL, 0);
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
            acc = acc / (float)plan.red_count;
        *out++ = acc;
    } while (caps_ref_iter_next(&outer));
    return CAPS_OK;
}

/**
 * The int8 reductions (same quantization in and out), over the same elements in the same order as the f32
 * loop: mean = the int64 sum divided by count, rounded half away from zero; max = the largest element
 * (CAPS_REF_REDUCE_SUM is not an int8 kernel). An empty axes_mask copies the input unchanged.
 */
static inline caps_status_t caps_ref_reduce_s8(const caps_reduce_params_t *params,
                                               const int8_t *input,
                                               int8_t *output,
                                               caps_ref_reduce_kind_t kind) {
    if (caps_ref_check_reduce(params, input, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    if (params->axes_mask == 0) {
        const int32_t count = caps_ref_shape_count(params->rank, params->in_dims, 1);
        for (int32_t i = 0; i < count; ++i)
            output[i] = input[i];
        return CAPS_OK;
    }
    caps_ref_reduce_plan_t plan;
    caps_ref_reduce_plan(params, &plan);
    caps_ref_iter_t outer;
    caps_ref_iter_init(&outer, plan.kept_rank, plan.kept_dims, plan.kept_strides, 0, NULL, 0);
    int8_t *out = output;
    do {
        caps_ref_iter_t inner;
        caps_ref_iter_init(&inner, plan.red_rank, plan.red_dims, plan.red_strides, outer.off_a, NULL, 0);
        int64_t sum = 0; /* |sum| <= 128 * INT32_MAX */
        int8_t best = input[inner.off_a];
        do {
            const int8_t x = input[inner.off_a];
            if (kind == CAPS_REF_REDUCE_MAX) {
                if (x > best)
                    best = x;
            } else {
                sum += x;
            }
        } while (caps_ref_iter_next(&inner));
        /* The rounded mean of int8 values is an int8 value. */
        *out++ = kind == CAPS_REF_REDUCE_MAX ? best : (int8_t)caps_ref_div_round_away(sum, plan.red_count);
    } while (caps_ref_iter_next(&outer));
    return CAPS_OK;
}

#endif /* CAPSRT_REF_INTERNAL_REF_REDUCE_H */
