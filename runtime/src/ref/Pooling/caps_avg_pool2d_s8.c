/**
 * @file caps_avg_pool2d_s8.c
 * @brief caps_avg_pool2d_s8 - 2-D average pooling (ONNX AveragePool), NCHW (or NHWC), int8, same quantization in
 *        and out.
 *
 * Windows exactly as caps_avg_pool2d_f32 with count_include_pad = 0: the in-bounds elements of the window
 * are summed (exactly, in int64) and the sum is divided by their number, rounding half away from zero.
 * Since the average of int8 values commutes with the affine dequantization, the result needs no
 * requantization. A window without any in-bounds element (only possible with dilation) gives 0.
 * count_include_pad = 1 is accepted only without pads (it then counts the same elements); with pads it
 * would need the zero point, which the pooling parameters do not carry: CAPS_ERR_UNSUPPORTED.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_pool.h"
#include "../internal/ref_s8.h"

/**
 * NCHW (or NHWC) int8 average pooling.
 * @param params see caps_pool2d_params_t; dims, kernel, strides and dilations > 0, pads >= 0,
 *               count_include_pad 0, or 1 when all four pads are 0
 * @param input  [n, c, in_h, in_w], or [n, in_h, in_w, c] when layout has CAPS_LAYOUT_NHWC_IN
 * @param output [n, c, out_h, out_w] (or NHWC); must not overlap the input
 * @return CAPS_OK, CAPS_ERR_ARG for NULL tensors or invalid parameters, CAPS_ERR_UNSUPPORTED for
 *         count_include_pad = 1 with a non-zero pad (nothing is written on error)
 */
caps_status_t caps_avg_pool2d_s8(const caps_pool2d_params_t *params, const int8_t *input, int8_t *output) {
    if (caps_ref_check_pool2d(params, input, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    const caps_pool2d_params_t *p = params;
    if (p->count_include_pad != 0 && p->count_include_pad != 1)
        return CAPS_ERR_ARG;
    if (p->count_include_pad == 1 && (p->pad_top != 0 || p->pad_left != 0 || p->pad_bottom != 0 || p->pad_right != 0))
        return CAPS_ERR_UNSUPPORTED;
    caps_ref_image_strides_t xs, ys;
    caps_ref_pool_strides(p, &xs, &ys);
    for (int32_t plane = 0; plane < p->n * p->c; ++plane) {
        const int32_t b = plane / p->c, c = plane % p->c;
        const int8_t *x = input + b * xs.n + c * xs.c;
        int8_t *out = output + b * ys.n + c * ys.c;
        for (int32_t oh = 0; oh < p->out_h; ++oh) {
            const int32_t ih0 = oh * p->stride_h - p->pad_top;
            const int32_t rows = caps_ref_pool_taps_in(ih0, p->k_h, p->dil_h, 0, p->in_h);
            for (int32_t ow = 0; ow < p->out_w; ++ow) {
                const int32_t iw0 = ow * p->stride_w - p->pad_left;
                const int32_t cols = caps_ref_pool_taps_in(iw0, p->k_w, p->dil_w, 0, p->in_w);
                int64_t sum = 0;
                for (int32_t kh = 0; kh < p->k_h; ++kh) {
                    const int32_t ih = ih0 + kh * p->dil_h;
                    if (ih < 0 || ih >= p->in_h)
                        continue;
                    for (int32_t kw = 0; kw < p->k_w; ++kw) {
                        const int32_t iw = iw0 + kw * p->dil_w;
                        if (iw < 0 || iw >= p->in_w)
                            continue;
                        sum += x[ih * xs.h + iw * xs.w];
                    }
                }
                /* rows * cols in-bounds elements (at most in_h * in_w <= INT32_MAX), |sum| <= 128 * count. */
                const int64_t count = (int64_t)rows * cols;
                out[oh * ys.h + ow * ys.w] = count > 0 ? (int8_t)caps_ref_div_round_away(sum, count) : 0;
            }
        }
    }
    return CAPS_OK;
}
