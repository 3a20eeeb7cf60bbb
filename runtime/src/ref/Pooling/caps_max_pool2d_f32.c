/**
 * @file caps_max_pool2d_f32.c
 * @brief caps_max_pool2d_f32 - 2-D max pooling (ONNX MaxPool), NCHW (or NHWC), float.
 *
 * Layouts: input [n, c, in_h, in_w], output [n, c, out_h, out_w]. Output (oh, ow) covers input rows
 * ih = oh * stride_h - pad_top + kh * dil_h and columns iw = ow * stride_w - pad_left + kw * dil_w for
 * kh < k_h, kw < k_w. Positions outside the input (explicit pads, or beyond them for ceil_mode windows)
 * are skipped: padding never wins. ceil_mode / auto_pad are resolved by the compiler into out_h / out_w
 * and the pads; pad_bottom / pad_right are only validated here.
 *
 * The result is the largest in-bounds element, scanning kernel rows then columns in increasing order;
 * a NaN element makes the result NaN (as numpy's max). A window without any in-bounds element (only
 * possible with dilation) gives -INFINITY. count_include_pad is ignored.
 */
#include "capsrt/capsrt.h"

#include <math.h>

#include "../internal/ref_pool.h"

/**
 * NCHW (or NHWC) max pooling.
 * @param params see caps_pool2d_params_t; dims, kernel, strides and dilations > 0, pads >= 0
 * @param input  [n, c, in_h, in_w], or [n, in_h, in_w, c] when layout has CAPS_LAYOUT_NHWC_IN
 * @param output [n, c, out_h, out_w] (or NHWC); must not overlap the input
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL tensors or invalid parameters
 */
caps_status_t caps_max_pool2d_f32(const caps_pool2d_params_t *params, const float *input, float *output) {
    if (caps_ref_check_pool2d(params, input, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    const caps_pool2d_params_t *p = params;
    caps_ref_image_strides_t xs, ys;
    caps_ref_pool_strides(p, &xs, &ys);
    for (int32_t plane = 0; plane < p->n * p->c; ++plane) {
        const int32_t b = plane / p->c, c = plane % p->c;
        const float *x = input + b * xs.n + c * xs.c;
        float *out = output + b * ys.n + c * ys.c;
        for (int32_t oh = 0; oh < p->out_h; ++oh) {
            const int32_t ih0 = oh * p->stride_h - p->pad_top;
            for (int32_t ow = 0; ow < p->out_w; ++ow) {
                const int32_t iw0 = ow * p->stride_w - p->pad_left;
                float best = -INFINITY;
                for (int32_t kh = 0; kh < p->k_h; ++kh) {
                    const int32_t ih = ih0 + kh * p->dil_h;
                    if (ih < 0 || ih >= p->in_h)
                        continue;
                    for (int32_t kw = 0; kw < p->k_w; ++kw) {
                        const int32_t iw = iw0 + kw * p->dil_w;
                        if (iw < 0 || iw >= p->in_w)
                            continue;
                        const float v = x[ih * xs.h + iw * xs.w];
                        if (v > best || v != v) /* once NaN, nothing compares greater */
                            best = v;
                    }
                }
                out[oh * ys.h + ow * ys.w] = best;
            }
        }
    }
    return CAPS_OK;
}
