/**
 * @file ref_conv.h
 * @brief Parameter validation shared by the 2-D convolution ref/ kernels (caps_conv2d_f32, caps_conv2d_s8).
 */
#ifndef CAPSRT_REF_INTERNAL_REF_CONV_H
#define CAPSRT_REF_INTERNAL_REF_CONV_H

#include "ref_util.h"

/**
 * CAPS_OK when params and the tensors are non-NULL, strides and dilations are positive, pads are
 * non-negative, groups > 0 divides in_c and out_c, the input, weight and output element counts are
 * positive and do not exceed INT32_MAX, and the window reach (out - 1) * stride + (k - 1) * dil of each
 * axis fits in int32 (so every index the kernels compute fits). The element type does not matter here.
 */
caps_status_t
caps_ref_check_conv2d(const caps_conv2d_params_t *params, const void *input, const void *weights, const void *output);

#endif /* CAPSRT_REF_INTERNAL_REF_CONV_H */
