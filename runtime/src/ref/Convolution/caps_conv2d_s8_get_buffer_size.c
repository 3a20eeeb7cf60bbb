/**
 * @file caps_conv2d_s8_get_buffer_size.c
 * @brief caps_conv2d_s8_get_buffer_size - scratch bytes of caps_conv2d_s8, the same for every variant.
 *
 * The DSP variants gather two output positions' receptive fields as int16 columns of
 * k = in_c / groups * k_h * k_w values, padded to a multiple of 4: 2 * 2 * round_up(k, 4) bytes; depthwise
 * layers (one input and one output channel per group) copy one channel padded to every tap the outputs read,
 * span_h * span_w bytes (caps_ref_conv_span), if that is more; the PULP variant two int8 columns and an int64
 * weight sum per output channel, if that is more. The reference kernel needs none but asks for the
 * same, so that generated code, its arena and its behaviour do not depend on which variant a firmware links.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_conv.h"

int32_t caps_conv2d_s8_get_buffer_size(const caps_conv2d_s8_params_t *params) {
    if (params == NULL || params->groups <= 0 || params->in_c <= 0 || params->k_h <= 0 || params->k_w <= 0)
        return 0;
    const int64_t k = (int64_t)(params->in_c / params->groups) * params->k_h * params->k_w;
    int64_t bytes = 2 * 2 * ((k + 3) / 4 * 4);
    const caps_conv2d_s8_params_t *p = params;
    if (p->in_c == p->groups && p->out_c == p->groups && p->out_h > 0 && p->out_w > 0) {
        const int64_t plane = caps_ref_conv_span(p->out_h, p->stride_h, p->k_h, p->dil_h) *
                              caps_ref_conv_span(p->out_w, p->stride_w, p->k_w, p->dil_w);
        bytes = plane > bytes ? plane : bytes;
    }
    if (p->out_c > 0) { /* the PULP variant: two int8 columns, then an int64 weight sum per output channel */
        const int64_t pulp = (2 * ((k + 3) / 4 * 4) + 7) / 8 * 8 + 8 * (int64_t)p->out_c;
        bytes = pulp > bytes ? pulp : bytes;
    }
    return bytes > (int64_t)INT32_MAX ? -1 : (int32_t)bytes;
}
