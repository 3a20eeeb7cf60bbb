/**
 * @file ref_conv.c
 * @brief Parameter validation shared by the 2-D convolution ref/ kernels (see ref_conv.h).
 */
#include "ref_conv.h"
#include "ref_s8.h"

/** Largest window reach (out - 1) * stride + (k - 1) * dil along one axis, or -1 when it exceeds INT32_MAX. */
static int32_t caps_ref_conv_reach(int32_t out, int32_t stride, int32_t k, int32_t dil) {
    int64_t reach = (int64_t)(out - 1) * stride + (int64_t)(k - 1) * dil;
    return reach > (int64_t)INT32_MAX ? -1 : (int32_t)reach;
}

caps_status_t
caps_ref_check_conv2d(const caps_conv2d_params_t *p, const void *input, const void *weights, const void *output) {
    if (p == NULL || input == NULL || weights == NULL || output == NULL)
        return CAPS_ERR_ARG;
    if (p->stride_h <= 0 || p->stride_w <= 0 || p->dil_h <= 0 || p->dil_w <= 0 || p->pad_top < 0 || p->pad_left < 0)
        return CAPS_ERR_ARG;
    if (p->layout < CAPS_LAYOUT_NCHW || p->layout > CAPS_LAYOUT_NHWC)
        return CAPS_ERR_ARG;
    if (p->groups <= 0 || p->in_c <= 0 || p->out_c <= 0 || p->in_c % p->groups != 0 || p->out_c % p->groups != 0)
        return CAPS_ERR_ARG;
    /* caps_ref_mul rejects non-positive dims and products above INT32_MAX. */
    if (caps_ref_mul(caps_ref_mul(caps_ref_mul(p->n, p->in_c), p->in_h), p->in_w) < 0)
        return CAPS_ERR_ARG;
    if (caps_ref_mul(caps_ref_mul(caps_ref_mul(p->out_c, p->in_c / p->groups), p->k_h), p->k_w) < 0)
        return CAPS_ERR_ARG;
    if (caps_ref_mul(caps_ref_mul(caps_ref_mul(p->n, p->out_c), p->out_h), p->out_w) < 0)
        return CAPS_ERR_ARG;
    if (caps_ref_conv_reach(p->out_h, p->stride_h, p->k_h, p->dil_h) < 0 ||
        caps_ref_conv_reach(p->out_w, p->stride_w, p->k_w, p->dil_w) < 0)
        return CAPS_ERR_ARG;
    return CAPS_OK;
}

caps_conv2d_params_t caps_ref_conv2d_s8_geometry(const caps_conv2d_s8_params_t *p) {
    caps_conv2d_params_t g;
    g.n = p->n;
    g.in_c = p->in_c;
    g.in_h = p->in_h;
    g.in_w = p->in_w;
    g.out_c = p->out_c;
    g.out_h = p->out_h;
    g.out_w = p->out_w;
    g.k_h = p->k_h;
    g.k_w = p->k_w;
    g.stride_h = p->stride_h;
    g.stride_w = p->stride_w;
    g.pad_top = p->pad_top;
    g.pad_left = p->pad_left;
    g.dil_h = p->dil_h;
    g.dil_w = p->dil_w;
    g.groups = p->groups;
    g.layout = p->layout;
    return g;
}

caps_status_t caps_ref_check_conv2d_s8(const caps_conv2d_s8_params_t *p,
                                       const int8_t *input,
                                       const int8_t *weights,
                                       const int32_t *multiplier,
                                       const int32_t *shift,
                                       const void *scratch,
                                       const int8_t *output) {
    if (p == NULL)
        return CAPS_ERR_ARG;
    const caps_conv2d_params_t geometry = caps_ref_conv2d_s8_geometry(p);
    if (caps_ref_check_conv2d(&geometry, input, weights, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    if (!caps_ref_input_offset_ok(p->input_offset) || !caps_ref_output_offset_ok(p->output_offset) ||
        !caps_ref_act_ok(p->act_min, p->act_max))
        return CAPS_ERR_ARG;
    if (caps_ref_check_requant_array(multiplier, shift, p->out_c) != CAPS_OK)
        return CAPS_ERR_ARG;
    const int32_t bytes = caps_conv2d_s8_get_buffer_size(p);
    if (bytes < 0 || (bytes > 0 && scratch == NULL))
        return CAPS_ERR_ARG;
    return CAPS_OK;
}
