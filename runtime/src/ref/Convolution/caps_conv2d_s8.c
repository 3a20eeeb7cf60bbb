/**
 * @file caps_conv2d_s8.c
 * @brief caps_conv2d_s8 - 2-D convolution (ONNX QLinearConv / ConvInteger + requantization), NCHW or NHWC, int8.
 *
 * Geometry as caps_conv2d_f32: input [n, in_c, in_h, in_w], weights [out_c, in_c / groups, k_h, k_w],
 * optional int32 bias [out_c], output [n, out_c, out_h, out_w] (layout CAPS_LAYOUT_NHWC_IN: [n, in_h, in_w, in_c] and
 * [out_c, k_h, k_w, in_c / groups]; CAPS_LAYOUT_NHWC_OUT: [n, out_h, out_w, out_c]); output channel oc belongs to group
 * g = oc / (out_c / groups); output (oh, ow) reads rows ih = oh * stride_h - pad_top + kh * dil_h and columns
 * iw = ow * stride_w - pad_left + kw * dil_w, and positions outside the input are padding. Padding holds
 * the input zero point, i.e. the value -input_offset: it contributes (x + input_offset) * w = 0, so
 * padded positions are skipped.
 *
 * Per output element:
 *   acc = sat32(bias[oc] + sum over in-bounds taps of (x + input_offset) * w)     (0 without bias)
 *   y   = clamp(caps_ref_requantize(acc, multiplier[oc], shift[oc]) + output_offset, act_min, act_max)
 * The sum is formed exactly in int64 (it cannot overflow: at most INT32_MAX terms of magnitude
 * <= 255 * 128) and saturated to int32, so the result equals the int32 accumulation of TFLite / CMSIS-NN
 * whenever that does not overflow, and is defined for every input.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_conv.h"
#include "../internal/ref_s8.h"

/** Taps summed in int32 at a time: 65536 * 255 * 128 < 2^31. */
#define ROW_CHUNK 65536

/**
 * The exact sum over i < outer, j < inner of (x[i * x_outer + j * x_inner] + offset) * w[i * w_outer + j * w_inner]:
 * one row of a window over its taps and input channels, the longer of the two innermost (the sum is exact, so the
 * order is free). Only offsets of elements inside the tensors are formed.
 */
static int64_t taps_by_channel(const int8_t *x,
                               const int8_t *w,
                               int32_t x_outer,
                               int32_t w_outer,
                               int32_t x_inner,
                               int32_t w_inner,
                               int32_t outer,
                               int32_t inner,
                               int32_t offset) {
    int64_t sum = 0;
    for (int32_t i = 0; i < outer; ++i) {
        const int8_t *xi = x + i * x_outer, *wi = w + i * w_outer;
        for (int32_t j0 = 0; j0 < inner; j0 += ROW_CHUNK) {
            const int32_t j1 = inner - j0 < ROW_CHUNK ? inner : j0 + ROW_CHUNK;
            int32_t part = 0;
            for (int32_t j = j0; j < j1; ++j)
                part += ((int32_t)xi[j * x_inner] + offset) * (int32_t)wi[j * w_inner];
            sum += part;
        }
    }
    return sum;
}

/**
 * NCHW (or NHWC) int8 convolution with groups, strides, dilation and padding, requantized per output channel.
 * @param params     geometry as caps_conv2d_f32; input_offset in [-127, 128], output_offset in [-128, 127],
 *                   -128 <= act_min <= act_max <= 127
 * @param input      [n, in_c, in_h, in_w], or [n, in_h, in_w, in_c] when layout has CAPS_LAYOUT_NHWC_IN
 * @param weights    [out_c, in_c / groups, k_h, k_w], or [out_c, k_h, k_w, in_c / groups] (any int8 values)
 * @param bias       [out_c] int32 (any values) or NULL
 * @param multiplier [out_c]: 0 or in [2^30, 2^31)
 * @param shift      [out_c]: in [-31, 31]
 * @param scratch    caps_conv2d_s8_get_buffer_size(params) bytes, 4-byte aligned, for the column buffers of the
 *                   SIMD variants (this one does not touch it, but requires it like them)
 * @param output     [n, out_c, out_h, out_w] (or NHWC); must not overlap the inputs
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL tensors or scratch, or invalid parameters (nothing is written then)
 */
caps_status_t caps_conv2d_s8(const caps_conv2d_s8_params_t *params,
                             const int8_t *input,
                             const int8_t *weights,
                             const int32_t *bias,
                             const int32_t *multiplier,
                             const int32_t *shift,
                             void *scratch,
                             int8_t *output) {
    if (caps_ref_check_conv2d_s8(params, input, weights, multiplier, shift, scratch, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    const caps_conv2d_s8_params_t *p = params;
    const int32_t in_cpg = p->in_c / p->groups;   /* input channels per group */
    const int32_t out_cpg = p->out_c / p->groups; /* output channels per group */
    const int32_t offset = p->input_offset;
    const caps_ref_image_strides_t xs = caps_ref_image_strides(p->in_c, p->in_h, p->in_w, p->layout & CAPS_LAYOUT_NHWC_IN);
    const caps_ref_image_strides_t ws = caps_ref_image_strides(in_cpg, p->k_h, p->k_w, p->layout & CAPS_LAYOUT_NHWC_IN);
    const caps_ref_image_strides_t ys = caps_ref_image_strides(p->out_c, p->out_h, p->out_w, p->layout & CAPS_LAYOUT_NHWC_OUT);
    for (int32_t b = 0; b < p->n; ++b) {
        for (int32_t oc = 0; oc < p->out_c; ++oc) {
            const int8_t *in_group = input + b * xs.n + (oc / out_cpg) * in_cpg * xs.c;
            const int8_t *w_oc = weights + oc * ws.n;
            const int64_t init = bias != NULL ? (int64_t)bias[oc] : 0;
            for (int32_t oh = 0; oh < p->out_h; ++oh) {
                const int32_t ih0 = oh * p->stride_h - p->pad_top;
                int32_t kh_lo, kh_hi; /* the window rows inside the input */
                caps_ref_tap_range(ih0, p->k_h, p->dil_h, p->in_h, &kh_lo, &kh_hi);
                for (int32_t ow = 0; ow < p->out_w; ++ow) {
                    const int32_t iw0 = ow * p->stride_w - p->pad_left;
                    int32_t kw_lo, kw_hi;
                    caps_ref_tap_range(iw0, p->k_w, p->dil_w, p->in_w, &kw_lo, &kw_hi);
                    int64_t acc = init;
                    const int32_t n_kw = kw_hi - kw_lo;
                    const int32_t x_step = n_kw > 1 ? p->dil_w * xs.w : 0; /* in range when two taps are */
                    if (kh_lo < kh_hi && n_kw > 0) {
                        /* the window's first in-range tap of channel 0 and its weight */
                        const int8_t *x0 = in_group + (ih0 + kh_lo * p->dil_h) * xs.h + (iw0 + kw_lo * p->dil_w) * xs.w;
                        const int8_t *w0 = w_oc + kh_lo * ws.h + kw_lo * ws.w;
                        for (int32_t r = 0; r < kh_hi - kh_lo; ++r) {
                            const int8_t *xr = x0 + r * p->dil_h * xs.h, *wr = w0 + r * ws.h;
                            acc += in_cpg >= n_kw ? taps_by_channel(xr, wr, x_step, ws.w, xs.c, ws.c, n_kw, in_cpg, offset)
                                                  : taps_by_channel(xr, wr, xs.c, ws.c, x_step, ws.w, in_cpg, n_kw, offset);
                        }
                    }
                    const int32_t requantized = caps_ref_requantize(caps_ref_sat32(acc), multiplier[oc], shift[oc]);
                    output[b * ys.n + oc * ys.c + oh * ys.h + ow * ys.w] =
                        caps_ref_output_s8(requantized, p->output_offset, p->act_min, p->act_max);
                }
            }
        }
    }
    return CAPS_OK;
}
