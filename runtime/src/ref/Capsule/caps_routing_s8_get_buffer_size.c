/**
 * @file caps_routing_s8_get_buffer_size.c
 * @brief Scratch bytes of the int8 routing kernels, laid out (8-byte aligned) as
 *          int64 logits [out_caps] | int32 s accumulators [out_caps * out_dim] |
 *          int32 V (dynamic) or sum_k u_hat (self-attention) [out_caps * out_dim] | int32 couplings [out_caps],
 *        then, for a cluster of params->cores > 1 cores routing in parallel (pulp/), from the next multiple of 8
 *        one more set per further core: int64 logits [out_caps] | int32 s [out_caps * out_dim] | int32 couplings
 *        [out_caps], each set 8-byte aligned.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_capsule.h"

/**
 * Bytes of scratch of caps_dynamic_routing_s8 and caps_self_attention_routing_s8 (see capsrt.h).
 * @return the size, or -1 for NULL params, non-positive out_caps / out_dim, cores outside 0 .. CAPS_MAX_CORES
 *         or a size above INT32_MAX
 */
int32_t caps_routing_s8_get_buffer_size(const caps_routing_s8_params_t *params) {
    if (params == NULL || params->cores < 0 || params->cores > CAPS_MAX_CORES)
        return -1;
    const int32_t caps = caps_ref_mul(params->out_caps, params->out_dim);
    if (caps < 0)
        return -1;
    const int64_t bytes = params->cores > 1 ? caps_ref_routing_set_offset(params, params->cores)
                                            : 8 * (int64_t)params->out_caps + 4 * (2 * (int64_t)caps + params->out_caps);
    return bytes > (int64_t)INT32_MAX ? -1 : (int32_t)bytes;
}
