/**
 * @file ref_elementwise.h
 * @brief The one loop behind every unary and every broadcasting binary ref/ kernel.
 *
 * Each kernel file defines its per-element operation as a static function and calls the inline loop
 * below with it; with optimization the operation is inlined into the loop.
 */
#ifndef CAPSRT_REF_INTERNAL_REF_ELEMENTWISE_H
#define CAPSRT_REF_INTERNAL_REF_ELEMENTWISE_H

#include "ref_util.h"

/** Per-element unary operation; alpha / beta are the kernel's caps_unary_params_t fields. */
typedef float (*caps_ref_unary_op_t)(float x, float alpha, float beta);

/** Per-element binary operation. */
typedef float (*caps_ref_binary_op_t)(float a, float b);

/** CAPS_OK when params, input and output are non-NULL and params->size > 0. */
caps_status_t caps_ref_check_unary(const caps_unary_params_t *params, const void *input, const void *output);

/**
 * CAPS_OK when params and the tensors are non-NULL, 0 <= rank <= CAPS_MAX_DIMS, the output shape is
 * valid (rank 0 = one element) and a_strides / b_strides describe dense broadcast operands
 * (see caps_ref_broadcast_extent). The element type does not matter here (the s8 kernels use it too).
 */
caps_status_t
caps_ref_check_binary(const caps_binary_params_t *params, const void *a, const void *b, const void *output);

/** output[i] = op(input[i], alpha, beta) for i in [0, size), in increasing i. output may equal input. */
static inline caps_status_t
caps_ref_unary(const caps_unary_params_t *params, const float *input, float *output, caps_ref_unary_op_t op) {
    if (caps_ref_check_unary(params, input, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    const float alpha = params->alpha;
    const float beta = params->beta;
    for (int32_t i = 0; i < params->size; ++i)
        output[i] = op(input[i], alpha, beta);
    return CAPS_OK;
}

/**
 * output[o] = op(a[sum o_d * a_strides[d]], b[sum o_d * b_strides[d]]) over the output shape in
 * row-major order. Each output element is written right after its two operands are read, so the
 * output may alias an input of the output's shape.
 */
static inline caps_status_t caps_ref_binary(const caps_binary_params_t *params,
                                            const float *a,
                                            const float *b,
                                            float *output,
                                            caps_ref_binary_op_t op) {
    if (caps_ref_check_binary(params, a, b, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    if (params->rank == 0) {
        output[0] = op(a[0], b[0]);
        return CAPS_OK;
    }
    const int32_t last = params->rank - 1;
    const int32_t inner = params->out_dims[last];
    const int32_t sa = params->a_strides[last];
    const int32_t sb = params->b_strides[last];
    caps_ref_iter_t it;
    caps_ref_iter_init(&it, last, params->out_dims, params->a_strides, 0, params->b_strides, 0);
    float *out = output;
    do {
        const float *pa = a + it.off_a;
        const float *pb = b + it.off_b;
        for (int32_t i = 0; i < inner; ++i)
            out[i] = op(pa[i * sa], pb[i * sb]);
        out += inner;
    } while (caps_ref_iter_next(&it));
    return CAPS_OK;
}

#endif /* CAPSRT_REF_INTERNAL_REF_ELEMENTWISE_H */
