/**
 * @file caps_max_pool2d_s8.c
 * @brief caps_max_pool2d_s8 - 2-D max pooling (ONNX MaxPool), NCHW (or NHWC), int8, same quantization in and out.
 *
 * Windows exactly as caps_max_pool2d_f32: output (oh, ow) covers rows ih = oh * stride_h - pad_top +
 * kh * dil_h and columns iw = ow * stride_w - pad_left + kw * dil_w; positions outside the input are
 * skipped (padding never wins). The result is the largest in-bounds element; a window without any
 * in-bounds element (only possible with dilation) gives -128, the int8 image of the f32 kernel's
 * -INFINITY. count_include_pad is ignored.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_pool.h"

/**
 * NCHW (or NHWC) int8 max pooling.
 * @param params see caps_pool2d_params_t; dims, kernel, strides and dilations > 0, pads >= 0
 * @param input  [n, c, in_h, in_w], or [n, in_h, in_w, c] when layout has CAPS_LAYOUT_NHWC_IN
 * @param output [n, c, out_h, out_w] (or NHWC); must not overlap the input
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL tensors or invalid parameters
 */
caps_status_t caps_max_pool2d_s8(const caps_pool2d_params_t *params, const int8_t *input, int8_t *output) {
    if (caps_ref_check_pool2d(params, input, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    const caps_pool2d_params_t *p = params;
    caps_ref_image_strides_t xs, ys;
    caps_ref_pool_strides(p, &xs, &ys);
    for (int32_t plane = 0; plane < p->n * p->c; ++plane) {
        const int32_t b = plane / p->c, c = plane % p->c;
        const int8_t *x = input + b * xs.n + c * xs.c;
        int8_t *out = output + b * ys.n + c * ys.c;
        for (int32_t oh = 0; oh < p->out_h; ++oh) {
            const int32_t ih0 = oh * p->stride_h - p->pad_top;
            for (int32_t ow = 0; ow < p->out_w; ++ow) {
                const int32_t iw0 = ow * p->stride_w - p->pad_left;
                int8_t best = -128;
                for (int32_t kh = 0; kh < p->k_h; ++kh) {
                    const int32_t ih = ih0 + kh * p->dil_h;
                    if (ih < 0 || ih >= p->in_h)
                        continue;
                    for (int32_t kw = 0; kw < p->k_w; ++kw) {
                        const int32_t iw = iw0 + kw * p->dil_w;
                        if (iw < 0 || iw >= p->in_w)
                            continue;
                        const int8_t v = x[ih * xs.h + iw * xs.w];
                        if (v > best)
                            best = v;
                    }
                }
                out[oh * ys.h + ow * ys.w] = best;
            }
        }
    }
    return CAPS_OK;
}
