/**
 * @file caps_conv2d_f32.c
 * @brief caps_conv2d_f32 - 2-D convolution (ONNX Conv), NCHW or NHWC, float.
 *
 * Layouts: input [n, in_c, in_h, in_w], weights [out_c, in_c / groups, k_h, k_w], optional bias [out_c],
 * output [n, out_c, out_h, out_w]; with layout's CAPS_LAYOUT_NHWC_IN [n, in_h, in_w, in_c] and [out_c, k_h, k_w,
 * in_c / groups], with CAPS_LAYOUT_NHWC_OUT [n, out_h, out_w, out_c] (the same sums in the same order). Output channel oc belongs to group g = oc / (out_c / groups) and reads
 * input channels g * (in_c / groups) ... (g + 1) * (in_c / groups) - 1.
 *
 * Output position (oh, ow) reads input rows ih = oh * stride_h - pad_top + kh * dil_h and columns
 * iw = ow * stride_w - pad_left + kw * dil_w; positions outside the input are the zero padding and are
 * skipped (pad bottom / right are implied by out_h / out_w, so any out_h / out_w is safe).
 *
 * Evaluation order (the definition of the result, bit for bit): one float accumulator per output
 * element, starting from bias[oc] (or +0.0f without bias); then for each input channel of the group in
 * increasing order, for each kernel row kh in increasing order, for each kernel column kw in increasing
 * order, skipping padded positions: acc = acc + input * weight (a rounded product, then a rounded sum;
 * build with -ffp-contract=off).
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_conv.h"

/**
 * NCHW (or NHWC) convolution with groups, strides, dilation and zero padding.
 * @param params  see caps_conv2d_params_t; all dims, strides, dilations and groups > 0, pads >= 0,
 *                groups divides in_c and out_c
 * @param input   [n, in_c, in_h, in_w], or [n, in_h, in_w, in_c] when layout has CAPS_LAYOUT_NHWC_IN
 * @param weights [out_c, in_c / groups, k_h, k_w], or [out_c, k_h, k_w, in_c / groups]
 * @param bias    [out_c] or NULL
 * @param output  [n, out_c, out_h, out_w] (or NHWC); must not overlap the inputs
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL tensors or invalid parameters
 */
caps_status_t caps_conv2d_f32(const caps_conv2d_params_t *params,
                              const float *input,
                              const float *weights,
                              const float *bias,
                              float *output) {
    if (caps_ref_check_conv2d(params, input, weights, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    const caps_conv2d_params_t *p = params;
    const int32_t in_cpg = p->in_c / p->groups;   /* input channels per group */
    const int32_t out_cpg = p->out_c / p->groups; /* output channels per group */
    const caps_ref_image_strides_t xs = caps_ref_image_strides(p->in_c, p->in_h, p->in_w, p->layout & CAPS_LAYOUT_NHWC_IN);
    const caps_ref_image_strides_t ws = caps_ref_image_strides(in_cpg, p->k_h, p->k_w, p->layout & CAPS_LAYOUT_NHWC_IN);
    const caps_ref_image_strides_t ys = caps_ref_image_strides(p->out_c, p->out_h, p->out_w, p->layout & CAPS_LAYOUT_NHWC_OUT);
    for (int32_t b = 0; b < p->n; ++b) {
        for (int32_t oc = 0; oc < p->out_c; ++oc) {
            const float *in_group = input + b * xs.n + (oc / out_cpg) * in_cpg * xs.c;
            const float *w_oc = weights + oc * ws.n;
            const float init = bias != NULL ? bias[oc] : 0.0f;
            for (int32_t oh = 0; oh < p->out_h; ++oh) {
                const int32_t ih0 = oh * p->stride_h - p->pad_top;
                int32_t kh_lo, kh_hi; /* the window rows inside the input */
                caps_ref_tap_range(ih0, p->k_h, p->dil_h, p->in_h, &kh_lo, &kh_hi);
                for (int32_t ow = 0; ow < p->out_w; ++ow) {
                    const int32_t iw0 = ow * p->stride_w - p->pad_left;
                    int32_t kw_lo, kw_hi;
                    caps_ref_tap_range(iw0, p->k_w, p->dil_w, p->in_w, &kw_lo, &kw_hi);
                    float acc = init;
                    for (int32_t ic = 0; ic < in_cpg && kh_lo < kh_hi && kw_lo < kw_hi; ++ic) {
                        const float *x = in_group + ic * xs.c + (ih0 + kh_lo * p->dil_h) * xs.h + (iw0 + kw_lo * p->dil_w) * xs.w;
                        const float *w = w_oc + ic * ws.c + kh_lo * ws.h + kw_lo * ws.w;
                        /* offsets of in-range taps only (no index beyond the tensors is formed) */
                        for (int32_t r = 0; r < kh_hi - kh_lo; ++r) {
                            const float *xr = x + r * p->dil_h * xs.h, *wr = w + r * ws.h;
                            for (int32_t t = 0; t < kw_hi - kw_lo; ++t)
                                acc = acc + xr[t * p->dil_w * xs.w] * wr[t * ws.w];
                        }
                    }
                    output[b * ys.n + oc * ys.c + oh * ys.h + ow * ys.w] = acc;
                }
            }
        }
    }
    return CAPS_OK;
}
