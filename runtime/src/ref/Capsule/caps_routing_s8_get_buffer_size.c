/**
 * @file caps_routing_s8_get_buffer_size.c
 * @brief Scratch bytes of the int8 routing kernels, laid out (8-byte aligned) as
 *          int64 logits [out_caps] | int32 s accumulators [out_caps * out_dim] |
 *          int32 V (dynamic) or sum_k u_hat (self-attention) [out_caps * out_dim] | int32 couplings [out_caps].
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_util.h"

/**
 * Bytes of scratch of caps_dynamic_routing_s8 and caps_self_attention_routing_s8:
 * 8 * out_caps + 4 * (2 * out_caps * out_dim + out_caps), independent of n and in_caps.
 * @return the size, or -1 for NULL params, non-positive out_caps / out_dim or a size above INT32_MAX
 */
int32_t caps_routing_s8_get_buffer_size(const caps_routing_s8_params_t *params) {
    if (params == NULL)
        return -1;
    const int32_t caps = caps_ref_mul(params->out_caps, params->out_dim);
    if (caps < 0)
        return -1;
    const int64_t bytes = 8 * (int64_t)params->out_caps + 4 * (2 * (int64_t)caps + params->out_caps);
    return bytes > (int64_t)INT32_MAX ? -1 : (int32_t)bytes;
}
