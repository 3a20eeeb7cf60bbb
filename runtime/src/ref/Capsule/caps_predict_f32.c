/**
 * @file caps_predict_f32.c
 * @brief caps_predict_f32 - prediction vectors of a fully connected capsule layer.
 *
 * u [n, in_caps, in_dim], W [in_caps, out_caps, out_dim, in_dim], u_hat [n, in_caps, out_caps, out_dim]:
 * u_hat[b, i, j, o] = sum_k W[i, j, o, k] * u[b, i, k], accumulated in float in increasing k from 0.
 */
#include "capsrt/capsrt.h"

#include "../internal/ref_util.h"

/**
 * Prediction vectors u_hat_j|i = W_ij u_i for every input capsule i and output capsule j.
 * @param params n, in_caps, in_dim, out_caps, out_dim (> 0)
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL pointers or sizes whose products exceed int32
 */
caps_status_t
caps_predict_f32(const caps_predict_params_t *params, const float *u, const float *weights, float *u_hat) {
    if (params == NULL || u == NULL || weights == NULL || u_hat == NULL)
        return CAPS_ERR_ARG;
    const int32_t n = params->n, in_caps = params->in_caps, in_dim = params->in_dim;
    const int32_t out_caps = params->out_caps, out_dim = params->out_dim;
    const int32_t pair = caps_ref_mul(out_dim, in_dim);
    if (caps_ref_mul(caps_ref_mul(pair, out_caps), in_caps) < 0 || caps_ref_mul(caps_ref_mul(n, in_caps), in_dim) < 0 ||
        caps_ref_mul(caps_ref_mul(caps_ref_mul(n, in_caps), out_caps), out_dim) < 0)
        return CAPS_ERR_ARG;
    for (int32_t b = 0; b < n; ++b) {
        for (int32_t i = 0; i < in_caps; ++i) {
            const float *ui = u + (b * in_caps + i) * in_dim;
            for (int32_t j = 0; j < out_caps; ++j) {
                const float *w = weights + (i * out_caps + j) * pair;
                float *out = u_hat + ((b * in_caps + i) * out_caps + j) * out_dim;
                for (int32_t o = 0; o < out_dim; ++o) {
                    float acc = 0.0f;
                    for (int32_t k = 0; k < in_dim; ++k)
                        acc += w[o * in_dim + k] * ui[k];
                    out[o] = acc;
                }
            }
        }
    }
    return CAPS_OK;
}
