/**
 * @file caps_dynamic_routing_f32.c
 * @brief caps_dynamic_routing_f32 - routing-by-agreement (Sabour et al. 2017).
 *
 * u_hat [n, in_caps, out_caps, out_dim] -> v [n, out_caps, out_dim]. Per batch element:
 *   V = 0 (scratch, [out_caps, out_dim]): the sum of the v of earlier iterations, so the logits are
 *   b_ij = u_hat_j|i . V_j without storing b.
 *   each iteration: s = 0 (in output); for each input capsule i in order: logits l_j = u_hat_j|i . V_j
 *   (dot product in float, increasing index), c = softmax_j(l) (max subtracted, expf, sum in increasing j,
 *   then divide), s_j += c_j * u_hat_j|i; then v_j = squash(s_j) in place; V += v unless last iteration.
 * The first iteration has V = 0, hence uniform couplings 1 / out_caps computed by the same softmax.
 * The body is caps_ref_dynamic_routing_f32, shared with caps_dynamic_routing_stats_f32 (which also records the
 * calibration statistics of the int8 kernel; recording them does not change any float operation).
 */
#include <math.h>

#include "capsrt/capsrt.h"

#include "../internal/ref_capsule.h"

caps_status_t caps_ref_dynamic_routing_f32(const caps_routing_params_t *params,
                                           const float *u_hat,
                                           float *scratch,
                                           float *output,
                                           float *max_abs_logit,
                                           float *max_coupling) {
    if (u_hat == NULL || scratch == NULL || output == NULL || caps_ref_check_routing(params) != CAPS_OK ||
        params->iterations < 1)
        return CAPS_ERR_ARG;
    const int32_t in_caps = params->in_caps, out_caps = params->out_caps, dim = params->out_dim;
    const int32_t per_batch = in_caps * out_caps * dim;
    float *sums = scratch;                       /* V: [out_caps, dim] */
    float *couplings = scratch + out_caps * dim; /* one input capsule's couplings: [out_caps] */
    for (int32_t b = 0; b < params->n; ++b) {
        const float *uh = u_hat + b * per_batch;
        float *v = output + b * out_caps * dim;
        for (int32_t k = 0; k < out_caps * dim; ++k)
            sums[k] = 0.0f;
        for (int32_t it = 0; it < params->iterations; ++it) {
            for (int32_t k = 0; k < out_caps * dim; ++k)
                v[k] = 0.0f;
            for (int32_t i = 0; i < in_caps; ++i) {
                const float *ui = uh + i * out_caps * dim;
                caps_ref_couplings(ui, sums, out_caps, dim, 1.0f, couplings,
                                   max_abs_logit != NULL ? max_abs_logit + it : NULL);
                for (int32_t j = 0; j < out_caps; ++j) {
                    if (max_coupling != NULL && couplings[j] > max_coupling[it])
                        max_coupling[it] = couplings[j];
                    for (int32_t d = 0; d < dim; ++d)
                        v[j * dim + d] += couplings[j] * ui[j * dim + d];
                }
            }
            for (int32_t j = 0; j < out_caps; ++j)
                caps_ref_squash_one(v + j * dim, v + j * dim, dim, params->squash_variant, params->epsilon);
            if (it + 1 < params->iterations)
                for (int32_t k = 0; k < out_caps * dim; ++k)
                    sums[k] += v[k];
        }
    }
    return CAPS_OK;
}

caps_status_t
caps_dynamic_routing_f32(const caps_routing_params_t *params, const float *u_hat, float *scratch, float *output) {
    return caps_ref_dynamic_routing_f32(params, u_hat, scratch, output, NULL, NULL);
}
