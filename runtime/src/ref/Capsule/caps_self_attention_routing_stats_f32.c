/**
 * @file caps_self_attention_routing_stats_f32.c
 * @brief caps_self_attention_routing_stats_f32 - caps_self_attention_routing_f32 plus the calibration
 *        statistics of caps_self_attention_routing_s8_prepare (max |a_ij| and max |c_ij|, running over calls).
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_capsule.h"

/**
 * Self-attention routing (float) recording statistics; see capsrt.h.
 * @param max_abs_logit running maximum of |a_ij| (one float, initialized by the caller)
 * @param max_coupling  running maximum of |softmax_j(a_i) + log_prior[i, j]| (one float)
 * @return CAPS_OK, or CAPS_ERR_ARG as caps_self_attention_routing_f32 or for NULL statistics
 */
caps_status_t caps_self_attention_routing_stats_f32(const caps_routing_params_t *params,
                                                    const float *u_hat,
                                                    const float *log_prior,
                                                    float *scratch,
                                                    float *output,
                                                    float *max_abs_logit,
                                                    float *max_coupling) {
    if (max_abs_logit == NULL || max_coupling == NULL)
        return CAPS_ERR_ARG;
    return caps_ref_self_attention_routing_f32(params, u_hat, log_prior, scratch, output, max_abs_logit, max_coupling);
}
