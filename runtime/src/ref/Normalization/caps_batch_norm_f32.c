/**
 * @file caps_batch_norm_f32.c
 * @brief caps_batch_norm_f32 - inference batch normalization (ONNX BatchNormalization, test mode), float.
 *
 * Layouts: input and output [n, c, spatial] (spatial = product of the dims after the channel, 1 for
 * [n, c]); scale, bias, mean, var [c].
 *
 * Evaluation order (the definition of the result, bit for bit), per element of channel ch:
 *   den = sqrtf(var[ch] + epsilon)                    (computed once per channel)
 *   y   = ((scale[ch] * (x - mean[ch])) / den) + bias[ch]
 * i.e. the formula y = scale * (x - mean) / sqrt(var + epsilon) + bias evaluated left to right in float.
 * The output may be the input buffer.
 */
#include "capsrt/capsrt.h"

#include <math.h>

#include "../internal/ref_util.h"

/**
 * y = scale * (x - mean) / sqrt(var + epsilon) + bias per channel.
 * @param params n, c, spatial > 0 with n * c * spatial <= INT32_MAX; epsilon
 * @param input  [n, c, spatial]
 * @param scale  [c]
 * @param bias   [c]
 * @param mean   [c]
 * @param var    [c]
 * @param output [n, c, spatial]; may be the input buffer
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL tensors or invalid dims
 */
caps_status_t caps_batch_norm_f32(const caps_batch_norm_params_t *params,
                                  const float *input,
                                  const float *scale,
                                  const float *bias,
                                  const float *mean,
                                  const float *var,
                                  float *output) {
    if (params == NULL || input == NULL || scale == NULL || bias == NULL || mean == NULL || var == NULL ||
        output == NULL)
        return CAPS_ERR_ARG;
    const caps_batch_norm_params_t *p = params;
    if (caps_ref_mul(caps_ref_mul(p->n, p->c), p->spatial) < 0)
        return CAPS_ERR_ARG;
    int32_t offset = 0;
    for (int32_t b = 0; b < p->n; ++b) {
        for (int32_t ch = 0; ch < p->c; ++ch) {
            const float den = sqrtf(var[ch] + p->epsilon);
            const float s = scale[ch];
            const float mu = mean[ch];
            const float beta = bias[ch];
            for (int32_t i = 0; i < p->spatial; ++i) {
                output[offset + i] = s * (input[offset + i] - mu) / den + beta;
            }
            offset += p->spatial;
        }
    }
    return CAPS_OK;
}
