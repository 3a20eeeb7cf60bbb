/**
 * @file caps_avg_pool2d_f32.c
 * @brief caps_avg_pool2d_f32 - 2-D average pooling (ONNX AveragePool), NCHW (or NHWC), float.
 *
 * Layouts: input [n, c, in_h, in_w], output [n, c, out_h, out_w]. Output (oh, ow) covers rows
 * ih = oh * stride_h - pad_top + kh * dil_h and columns iw = ow * stride_w - pad_left + kw * dil_w for
 * kh < k_h, kw < k_w (ceil_mode / auto_pad are resolved by the compiler into out_* and the pads).
 *
 * Sum: a float accumulator starting at +0.0f adds the in-bounds elements, kernel rows then columns in
 * increasing order. Divisor (a float conversion of an integer count):
 *  - count_include_pad = 0: the number of in-bounds elements of the window;
 *  - count_include_pad = 1: the number of window positions inside the padded input, i.e. with
 *    -pad_top <= ih < in_h + pad_bottom and -pad_left <= iw < in_w + pad_right (window positions past
 *    the explicit pads, which ceil_mode can produce, do not count).
 * The result is sum / divisor; a window whose divisor is 0 (only possible with dilation) gives 0.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_pool.h"

/**
 * NCHW (or NHWC) average pooling.
 * @param params see caps_pool2d_params_t; dims, kernel, strides and dilations > 0, pads >= 0,
 *               count_include_pad 0 or 1
 * @param input  [n, c, in_h, in_w], or [n, in_h, in_w, c] when layout has CAPS_LAYOUT_NHWC_IN
 * @param output [n, c, out_h, out_w] (or NHWC); must not overlap the input
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL tensors or invalid parameters
 */
caps_status_t caps_avg_pool2d_f32(const caps_pool2d_params_t *params, const float *input, float *output) {
    if (caps_ref_check_pool2d(params, input, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    const caps_pool2d_params_t *p = params;
    if (p->count_include_pad != 0 && p->count_include_pad != 1)
        return CAPS_ERR_ARG;
    /* Rows / columns that count towards the divisor. */
    const int32_t lo_h = p->count_include_pad ? -p->pad_top : 0;
    const int32_t hi_h = p->count_include_pad ? p->in_h + p->pad_bottom : p->in_h;
    const int32_t lo_w = p->count_include_pad ? -p->pad_left : 0;
    const int32_t hi_w = p->count_include_pad ? p->in_w + p->pad_right : p->in_w;
    caps_ref_image_strides_t xs, ys;
    caps_ref_pool_strides(p, &xs, &ys);
    for (int32_t plane = 0; plane < p->n * p->c; ++plane) {
        const int32_t b = plane / p->c, c = plane % p->c;
        const float *x = input + b * xs.n + c * xs.c;
        float *out = output + b * ys.n + c * ys.c;
        for (int32_t oh = 0; oh < p->out_h; ++oh) {
            const int32_t ih0 = oh * p->stride_h - p->pad_top;
            const int32_t rows = caps_ref_pool_taps_in(ih0, p->k_h, p->dil_h, lo_h, hi_h);
            for (int32_t ow = 0; ow < p->out_w; ++ow) {
                const int32_t iw0 = ow * p->stride_w - p->pad_left;
                const int32_t cols = caps_ref_pool_taps_in(iw0, p->k_w, p->dil_w, lo_w, hi_w);
                float sum = 0.0f;
                for (int32_t kh = 0; kh < p->k_h; ++kh) {
                    const int32_t ih = ih0 + kh * p->dil_h;
                    if (ih < 0 || ih >= p->in_h)
                        continue;
                    for (int32_t kw = 0; kw < p->k_w; ++kw) {
                        const int32_t iw = iw0 + kw * p->dil_w;
                        if (iw < 0 || iw >= p->in_w)
                            continue;
                        sum = sum + x[ih * xs.h + iw * xs.w];
                    }
                }
                /* rows * cols <= k_h * k_w, which is bounded by the validated window reach. */
                const int64_t count = (int64_t)rows * cols;
                out[oh * ys.h + ow * ys.w] = count > 0 ? sum / (float)count : 0.0f;
            }
        }
    }
    return CAPS_OK;
}
