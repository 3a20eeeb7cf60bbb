/**
 * @file ref_pool.h
 * @brief Parameter validation shared by the 2-D pooling ref/ kernels (f32 and s8).
 */
#ifndef CAPSRT_REF_INTERNAL_REF_POOL_H
#define CAPSRT_REF_INTERNAL_REF_POOL_H

#include "ref_util.h"

/**
 * CAPS_OK when params and the tensors are non-NULL, n, c, in_*, out_*, k_*, stride_*, dil_* are positive,
 * pads are non-negative, the input and output element counts do not exceed INT32_MAX, and every window
 * position (out - 1) * stride + (k - 1) * dil as well as in + pad_bottom / in + pad_right fit in int32.
 * count_include_pad is not checked here (only average pooling reads it). The element type does not matter here.
 */
caps_status_t caps_ref_check_pool2d(const caps_pool2d_params_t *params, const void *input, const void *output);

/** The strides of a pooling's input (xs) and output (ys) in the params' layout. */
static inline void caps_ref_pool_strides(const caps_pool2d_params_t *p, caps_ref_image_strides_t *xs,
                                         caps_ref_image_strides_t *ys) {
    *xs = caps_ref_image_strides(p->c, p->in_h, p->in_w, p->layout & CAPS_LAYOUT_NHWC_IN);
    *ys = caps_ref_image_strides(p->c, p->out_h, p->out_w, p->layout & CAPS_LAYOUT_NHWC_OUT);
}

/** Number of window taps start + k * dil (k < taps) inside [lo, hi) (the validated reach keeps them in int32). */
static inline int32_t caps_ref_pool_taps_in(int32_t start, int32_t taps, int32_t dil, int32_t lo, int32_t hi) {
    int32_t count = 0;
    for (int32_t k = 0; k < taps; ++k) {
        const int32_t pos = start + k * dil;
        if (pos >= lo && pos < hi)
            ++count;
    }
    return count;
}

#endif /* CAPSRT_REF_INTERNAL_REF_POOL_H */
