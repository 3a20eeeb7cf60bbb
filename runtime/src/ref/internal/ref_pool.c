/**
 * @file ref_pool.c
 * @brief Parameter validation shared by the 2-D pooling ref/ kernels (see ref_pool.h).
 */
#include "ref_pool.h"

/** Checks one spatial axis: every index used by the kernels fits in int32. */
static int caps_ref_pool_axis_ok(int32_t in,
                                 int32_t out,
                                 int32_t k,
                                 int32_t stride,
                                 int32_t dil,
                                 int32_t pad_begin,
                                 int32_t pad_end) {
    if (in <= 0 || out <= 0 || k <= 0 || stride <= 0 || dil <= 0 || pad_begin < 0 || pad_end < 0)
        return 0;
    const int64_t reach = (int64_t)(out - 1) * stride + (int64_t)(k - 1) * dil;
    return reach <= (int64_t)INT32_MAX && (int64_t)in + pad_end <= (int64_t)INT32_MAX;
}

caps_status_t caps_ref_check_pool2d(const caps_pool2d_params_t *params, const void *input, const void *output) {
    const caps_pool2d_params_t *p = params;
    if (p == NULL || input == NULL || output == NULL || p->layout < CAPS_LAYOUT_NCHW ||
        p->layout > CAPS_LAYOUT_NHWC)
        return CAPS_ERR_ARG;
    if (!caps_ref_pool_axis_ok(p->in_h, p->out_h, p->k_h, p->stride_h, p->dil_h, p->pad_top, p->pad_bottom) ||
        !caps_ref_pool_axis_ok(p->in_w, p->out_w, p->k_w, p->stride_w, p->dil_w, p->pad_left, p->pad_right))
        return CAPS_ERR_ARG;
    if (caps_ref_mul(caps_ref_mul(caps_ref_mul(p->n, p->c), p->in_h), p->in_w) < 0 ||
        caps_ref_mul(caps_ref_mul(caps_ref_mul(p->n, p->c), p->out_h), p->out_w) < 0)
        return CAPS_ERR_ARG;
    return CAPS_OK;
}
