/**
 * @file ref_conv.h
 * @brief Parameter validation shared by the 2-D convolution ref/ kernels (caps_conv2d_f32, caps_conv2d_s8).
 */
#ifndef CAPSRT_REF_INTERNAL_REF_CONV_H
#define CAPSRT_REF_INTERNAL_REF_CONV_H

#include "ref_util.h"

/**
 * CAPS_OK when params and the tensors are non-NULL, layout is a CAPS_LAYOUT_* value, strides and dilations are positive, pads are
 * non-negative, groups > 0 divides in_c and out_c, the input, weight and output element counts are
 * positive and do not exceed INT32_MAX, and the window reach (out - 1) * stride + (k - 1) * dil of each
 * axis fits in int32 (so every index the kernels compute fits). The element type does not matter here.
 */
caps_status_t
caps_ref_check_conv2d(const caps_conv2d_params_t *params, const void *input, const void *weights, const void *output);

/** Input rows (or columns), padding included, that out outputs along a convolution axis read:
 *  (out - 1) * stride + (k - 1) * dil + 1 (caps_ref_check_conv2d bounds it by INT32_MAX). */
static inline int64_t caps_ref_conv_span(int32_t out, int32_t stride, int32_t k, int32_t dil) {
    return (int64_t)(out - 1) * stride + (int64_t)(k - 1) * dil + 1;
}

/** The taps t in [*lo, *hi) of a window row or column whose tap t reads position origin + t * dil (dil > 0) that
 *  lie inside [0, size); *lo == *hi when none does. In increasing t, as the kernels sum. */
static inline void caps_ref_tap_range(int32_t origin, int32_t k, int32_t dil, int32_t size, int32_t *lo, int32_t *hi) {
    const int64_t first = origin < 0 ? ((int64_t)dil - 1 - origin) / dil : 0;
    int64_t end = origin >= size ? 0 : ((int64_t)size - 1 - origin) / dil + 1;
    end = end < k ? end : k;
    *hi = (int32_t)end;
    *lo = (int32_t)(first < end ? first : end);
}

/** The geometry fields of the int8 parameters, as the f32 kernel's parameters. */
caps_conv2d_params_t caps_ref_conv2d_s8_geometry(const caps_conv2d_s8_params_t *params);

/**
 * Every check of caps_conv2d_s8 (all variants): the geometry as caps_ref_check_conv2d, the offsets and
 * activation range, the requantization arrays, and a non-NULL scratch when
 * caps_conv2d_s8_get_buffer_size asks for one.
 */
caps_status_t caps_ref_check_conv2d_s8(const caps_conv2d_s8_params_t *params,
                                       const int8_t *input,
                                       const int8_t *weights,
                                       const int32_t *multiplier,
                                       const int32_t *shift,
                                       const void *scratch,
                                       const int8_t *output);

#endif /* CAPSRT_REF_INTERNAL_REF_CONV_H */
