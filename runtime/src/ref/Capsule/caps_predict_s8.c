/**
 * @file caps_predict_s8.c
 * @brief caps_predict_s8 - prediction vectors of a fully connected capsule layer, int8.
 *
 * u [n, in_caps, in_dim], W [in_caps, out_caps, out_dim, in_dim], u_hat [n, in_caps, out_caps, out_dim], all
 * symmetric int8; per output capsule j a requantization pair for u_scale * w_scale[j] / u_hat_scale:
 *   acc = sum_k W[i, j, o, k] * u[b, i, k]          exact in int32 (|acc| <= in_dim * 2^14 < 2^31)
 *   u_hat[b, i, j, o] = clamp(caps_ref_requantize(acc, multiplier[j], shift[j]), -128, 127)
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_s8.h"

/**
 * int8 prediction vectors u_hat_j|i = W_ij u_i; see capsrt.h.
 * @param params     n, in_caps, in_dim, out_caps, out_dim (> 0, products within int32), in_dim <= 131071
 * @param multiplier [out_caps]: 0 (pow2 scheme) or in [2^30, 2^31)
 * @param shift      [out_caps]: in [-31, 31]
 * @return CAPS_OK, CAPS_ERR_ARG for NULL pointers or invalid parameters, CAPS_ERR_UNSUPPORTED for a larger
 *         in_dim (nothing is written then)
 */
caps_status_t caps_predict_s8(const caps_predict_params_t *params,
                              const int8_t *u,
                              const int8_t *weights,
                              const int32_t *multiplier,
                              const int32_t *shift,
                              int8_t *u_hat) {
    const caps_status_t status = caps_ref_check_predict_s8(params, u, weights, multiplier, shift, u_hat);
    if (status != CAPS_OK)
        return status;
    const int32_t n = params->n, in_caps = params->in_caps, in_dim = params->in_dim;
    const int32_t out_caps = params->out_caps, out_dim = params->out_dim;
    const int32_t pair = out_dim * in_dim;
    for (int32_t b = 0; b < n; ++b) {
        for (int32_t i = 0; i < in_caps; ++i) {
            const int8_t *ui = u + (b * in_caps + i) * in_dim;
            for (int32_t j = 0; j < out_caps; ++j) {
                const int8_t *w = weights + (i * out_caps + j) * pair;
                int8_t *out = u_hat + ((b * in_caps + i) * out_caps + j) * out_dim;
                for (int32_t o = 0; o < out_dim; ++o) {
                    int32_t acc = 0;
                    for (int32_t k = 0; k < in_dim; ++k)
                        acc += (int32_t)w[o * in_dim + k] * (int32_t)ui[k];
                    out[o] = (int8_t)caps_ref_clamp(caps_ref_requantize(acc, multiplier[j], shift[j]), -128, 127);
                }
            }
        }
    }
    return CAPS_OK;
}
