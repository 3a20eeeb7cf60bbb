/**
 * @file caps_self_attention_routing_f32.c
 * @brief caps_self_attention_routing_f32 - Efficient-CapsNet's self-attention routing (Mazzia et al. 2021).
 *
 * u_hat [n, in_caps, out_caps, out_dim], log_prior [in_caps, out_caps] -> v [n, out_caps, out_dim].
 * Per batch element: S_j = sum_k u_hat_j|k (scratch, k increasing); for each input capsule i in order:
 * a_j = (u_hat_j|i . S_j) / sqrtf(out_dim), c = softmax_j(a) (max subtracted, expf, sum in increasing j,
 * divide) + log_prior[i, j], s_j += c_j * u_hat_j|i; finally v_j = squash(s_j) in place.
 * The body is caps_ref_self_attention_routing_f32, shared with caps_self_attention_routing_stats_f32.
 */
#include <math.h>

#include "capsrt/capsrt.h"

#include "../internal/ref_capsule.h"

caps_status_t caps_ref_self_attention_routing_f32(const caps_routing_params_t *params,
                                                  const float *u_hat,
                                                  const float *log_prior,
                                                  float *scratch,
                                                  float *output,
                                                  float *max_abs_logit,
                                                  float *max_coupling) {
    if (u_hat == NULL || log_prior == NULL || scratch == NULL || output == NULL ||
        caps_ref_check_routing(params) != CAPS_OK)
        return CAPS_ERR_ARG;
    const int32_t in_caps = params->in_caps, out_caps = params->out_caps, dim = params->out_dim;
    const int32_t per_batch = in_caps * out_caps * dim;
    const float inv_sqrt_dim = 1.0f / sqrtf((float)dim);
    float *sums = scratch;
    float *couplings = scratch + out_caps * dim;
    for (int32_t b = 0; b < params->n; ++b) {
        const float *uh = u_hat + b * per_batch;
        float *v = output + b * out_caps * dim;
        for (int32_t k = 0; k < out_caps * dim; ++k) {
            sums[k] = 0.0f;
            v[k] = 0.0f;
        }
        for (int32_t i = 0; i < in_caps; ++i)
            for (int32_t k = 0; k < out_caps * dim; ++k)
                sums[k] += uh[i * out_caps * dim + k];
        for (int32_t i = 0; i < in_caps; ++i) {
            const float *ui = uh + i * out_caps * dim;
            caps_ref_couplings(ui, sums, out_caps, dim, inv_sqrt_dim, couplings, max_abs_logit);
            for (int32_t j = 0; j < out_caps; ++j) {
                const float c = couplings[j] + log_prior[i * out_caps + j];
                if (max_coupling != NULL && fabsf(c) > *max_coupling)
                    *max_coupling = fabsf(c);
                for (int32_t d = 0; d < dim; ++d)
                    v[j * dim + d] += c * ui[j * dim + d];
            }
        }
        for (int32_t j = 0; j < out_caps; ++j)
            caps_ref_squash_one(v + j * dim, v + j * dim, dim, params->squash_variant, params->epsilon);
    }
    return CAPS_OK;
}

caps_status_t caps_self_attention_routing_f32(const caps_routing_params_t *params,
                                              const float *u_hat,
                                              const float *log_prior,
                                              float *scratch,
                                              float *output) {
    return caps_ref_self_attention_routing_f32(params, u_hat, log_prior, scratch, output, NULL, NULL);
}
