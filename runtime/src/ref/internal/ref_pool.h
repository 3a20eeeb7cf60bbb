/**
 * @file ref_pool.h
 * @brief Parameter validation shared by the 2-D pooling ref/ kernels.
 */
#ifndef CAPSRT_REF_INTERNAL_REF_POOL_H
#define CAPSRT_REF_INTERNAL_REF_POOL_H

#include "ref_util.h"

/**
 * CAPS_OK when params and the tensors are non-NULL, n, c, in_*, out_*, k_*, stride_*, dil_* are positive,
 * pads are non-negative, the input and output element counts do not exceed INT32_MAX, and every window
 * position (out - 1) * stride + (k - 1) * dil as well as in + pad_bottom / in + pad_right fit in int32.
 * count_include_pad is not checked here (only average pooling reads it).
 */
caps_status_t caps_ref_check_pool2d(const caps_pool2d_params_t *params, const float *input, const float *output);

#endif /* CAPSRT_REF_INTERNAL_REF_POOL_H */
