/**
 * @file ref_capsule.h
 * @brief Private helpers shared by the capsule kernels: one capsule's squash and the routing-parameter
 *        check, so caps_squash_f32 and both routing kernels squash with the same arithmetic.
 */
#ifndef CAPSRT_REF_INTERNAL_REF_CAPSULE_H
#define CAPSRT_REF_INTERNAL_REF_CAPSULE_H

#include <math.h>

#include "ref_util.h"

/**
 * Squashes one capsule of dim floats from in to out (may be equal). Sum of squares accumulated in float
 * in increasing index order, then one scale per capsule:
 *   sabour:    n2 / (1 + n2) / sqrtf(n2 + eps)
 *   efficient: (1 - expf(-n)) / (n + eps), n = sqrtf(n2)
 */
static inline void caps_ref_squash_one(const float *in, float *out, int32_t dim, int32_t variant, float eps) {
    float n2 = 0.0f;
    for (int32_t d = 0; d < dim; ++d)
        n2 += in[d] * in[d];
    float scale;
    if (variant == CAPS_SQUASH_EFFICIENT) {
        const float n = sqrtf(n2);
        scale = (1.0f - expf(-n)) / (n + eps);
    } else {
        scale = n2 / (1.0f + n2) / sqrtf(n2 + eps);
    }
    for (int32_t d = 0; d < dim; ++d)
        out[d] = in[d] * scale;
}

/**
 * Couplings of one input capsule in both routing kernels: c[j] = softmax over j < out_caps of
 * scale * (ui[j] . sums[j]) (capsules of dim floats). Dot products in float in increasing index, the
 * maximum subtracted, expf, the sum in increasing j, then one division per coupling.
 */
static inline void
caps_ref_couplings(const float *ui, const float *sums, int32_t out_caps, int32_t dim, float scale, float *c) {
    float max = -INFINITY;
    for (int32_t j = 0; j < out_caps; ++j) {
        float a = 0.0f;
        for (int32_t d = 0; d < dim; ++d)
            a += ui[j * dim + d] * sums[j * dim + d];
        c[j] = a * scale;
        if (c[j] > max)
            max = c[j];
    }
    float total = 0.0f;
    for (int32_t j = 0; j < out_caps; ++j) {
        c[j] = expf(c[j] - max);
        total += c[j];
    }
    for (int32_t j = 0; j < out_caps; ++j)
        c[j] = c[j] / total;
}

/** CAPS_OK for a valid squash variant and an epsilon that keeps the scale finite for zero capsules. */
static inline caps_status_t caps_ref_check_squash(int32_t variant, float eps) {
    if (variant != CAPS_SQUASH_SABOUR && variant != CAPS_SQUASH_EFFICIENT)
        return CAPS_ERR_ARG;
    if (!(eps > 0.0f) || isinf(eps))
        return CAPS_ERR_ARG;
    return CAPS_OK;
}

/** CAPS_OK when the routing parameters are positive and u_hat fits int32 indexing. */
static inline caps_status_t caps_ref_check_routing(const caps_routing_params_t *p) {
    if (p == NULL || caps_ref_check_squash(p->squash_variant, p->epsilon) != CAPS_OK)
        return CAPS_ERR_ARG;
    if (caps_ref_mul(caps_ref_mul(caps_ref_mul(p->n, p->in_caps), p->out_caps), p->out_dim) < 0)
        return CAPS_ERR_ARG;
    return CAPS_OK;
}

#endif /* CAPSRT_REF_INTERNAL_REF_CAPSULE_H */
