/**
 * @file caps_routing_get_buffer_size.c
 * @brief Scratch size of the routing kernels: out_caps * out_dim floats (agreement sums) plus out_caps
 *        floats (one input capsule's logits).
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_capsule.h"

int32_t caps_routing_get_buffer_size(const caps_routing_params_t *params) {
    if (params == NULL)
        return -1;
    const int32_t sums = caps_ref_mul(params->out_caps, params->out_dim);
    if (sums < 0 || sums > INT32_MAX - params->out_caps)
        return -1;
    return sums + params->out_caps;
}
