/**
 * @file caps_dynamic_routing_stats_f32.c
 * @brief caps_dynamic_routing_stats_f32 - caps_dynamic_routing_f32 plus the calibration statistics of
 *        caps_dynamic_routing_s8_prepare (per iteration: max |b_ij| and max c_ij, running over calls).
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_capsule.h"

/**
 * Dynamic routing (float) recording per-iteration statistics; see capsrt.h.
 * @param max_abs_logit [params->iterations] running maxima of |b_ij|, initialized by the caller (0)
 * @param max_coupling  [params->iterations] running maxima of c_ij, initialized by the caller (0)
 * @return CAPS_OK, or CAPS_ERR_ARG as caps_dynamic_routing_f32 or for NULL statistics
 */
caps_status_t caps_dynamic_routing_stats_f32(const caps_routing_params_t *params,
                                             const float *u_hat,
                                             float *scratch,
                                             float *output,
                                             float *max_abs_logit,
                                             float *max_coupling) {
    if (max_abs_logit == NULL || max_coupling == NULL)
        return CAPS_ERR_ARG;
    return caps_ref_dynamic_routing_f32(params, u_hat, scratch, output, max_abs_logit, max_coupling);
}
