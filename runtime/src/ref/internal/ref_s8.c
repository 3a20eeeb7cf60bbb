/**
 * @file ref_s8.c
 * @brief Parameter validation shared by the int8 ref/ kernels (see ref_s8.h).
 */
#include "ref_s8.h"

#include <float.h>
#include <string.h>

#include "ref_elementwise.h"

caps_status_t caps_ref_check_requant_array(const int32_t *multiplier, const int32_t *shift, int32_t count) {
    if (multiplier == NULL || shift == NULL || count <= 0)
        return CAPS_ERR_ARG;
    for (int32_t i = 0; i < count; ++i) {
        if (!caps_ref_requant_ok(multiplier[i], shift[i]))
            return CAPS_ERR_ARG;
    }
    return CAPS_OK;
}

caps_status_t caps_ref_check_binary_s8(const caps_binary_s8_params_t *params,
                                       const int8_t *a,
                                       const int8_t *b,
                                       const int8_t *output,
                                       int input_requant) {
    if (params == NULL)
        return CAPS_ERR_ARG;
    const caps_binary_s8_params_t *p = params;
    /* The shape fields are those of caps_binary_params_t: validate them exactly as the f32 kernels do. */
    caps_binary_params_t shape;
    shape.rank = p->rank;
    memcpy(shape.out_dims, p->out_dims, sizeof shape.out_dims);
    memcpy(shape.a_strides, p->a_strides, sizeof shape.a_strides);
    memcpy(shape.b_strides, p->b_strides, sizeof shape.b_strides);
    if (caps_ref_check_binary(&shape, a, b, output) != CAPS_OK)
        return CAPS_ERR_ARG;
    if (!caps_ref_input_offset_ok(p->a_offset) || !caps_ref_input_offset_ok(p->b_offset) ||
        !caps_ref_output_offset_ok(p->output_offset) || !caps_ref_act_ok(p->act_min, p->act_max) ||
        !caps_ref_requant_ok(p->output_multiplier, p->output_shift))
        return CAPS_ERR_ARG;
    if (input_requant && (!caps_ref_requant_ok(p->a_multiplier, p->a_shift) ||
                          !caps_ref_requant_ok(p->b_multiplier, p->b_shift) || p->left_shift < 0 || p->left_shift > 20))
        return CAPS_ERR_ARG;
    return CAPS_OK;
}

caps_status_t caps_ref_check_quantize(const caps_quantize_params_t *params, const void *input, const void *output) {
    if (params == NULL || input == NULL || output == NULL || params->size <= 0)
        return CAPS_ERR_ARG;
    /* Written so that NaN fails. */
    if (!(params->scale > 0.0f && params->scale <= FLT_MAX))
        return CAPS_ERR_ARG;
    if (params->zero_point < -128 || params->zero_point > 127)
        return CAPS_ERR_ARG;
    return CAPS_OK;
}

caps_status_t caps_ref_check_predict_s8(const caps_predict_params_t *params,
                                        const int8_t *u,
                                        const int8_t *weights,
                                        const int32_t *multiplier,
                                        const int32_t *shift,
                                        const int8_t *u_hat) {
    if (params == NULL || u == NULL || weights == NULL || u_hat == NULL)
        return CAPS_ERR_ARG;
    const int32_t n = params->n, in_caps = params->in_caps, in_dim = params->in_dim;
    const int32_t out_caps = params->out_caps, out_dim = params->out_dim;
    const int32_t pair = caps_ref_mul(out_dim, in_dim);
    if (caps_ref_mul(caps_ref_mul(pair, out_caps), in_caps) < 0 || caps_ref_mul(caps_ref_mul(n, in_caps), in_dim) < 0 ||
        caps_ref_mul(caps_ref_mul(caps_ref_mul(n, in_caps), out_caps), out_dim) < 0)
        return CAPS_ERR_ARG;
    if (caps_ref_check_requant_array(multiplier, shift, out_caps) != CAPS_OK)
        return CAPS_ERR_ARG;
    if (in_dim > CAPS_PREDICT_S8_MAX_IN_DIM)
        return CAPS_ERR_UNSUPPORTED;
    return CAPS_OK;
}

caps_status_t caps_ref_check_softmax_s8(const caps_softmax_s8_params_t *params, const int8_t *input, const int8_t *output) {
    if (params == NULL || input == NULL || output == NULL)
        return CAPS_ERR_ARG;
    const caps_softmax_s8_params_t *p = params;
    if (caps_ref_mul(caps_ref_mul(p->outer, p->axis_size), p->inner) < 0 || p->input_multiplier < 0 ||
        p->input_left_shift < 0 || p->input_left_shift > 31 || p->diff_min > 0)
        return CAPS_ERR_ARG;
    return CAPS_OK;
}

caps_status_t caps_ref_check_fc_s8(const caps_fc_s8_params_t *p,
                                   const int8_t *input,
                                   const int8_t *weights,
                                   const int32_t *multiplier,
                                   const int32_t *shift,
                                   const int8_t *output) {
    if (p == NULL || input == NULL || weights == NULL || output == NULL)
        return CAPS_ERR_ARG;
    if (caps_ref_mul(p->m, p->k) < 0 || caps_ref_mul(p->n, p->k) < 0 || caps_ref_mul(p->m, p->n) < 0)
        return CAPS_ERR_ARG;
    if (!caps_ref_input_offset_ok(p->input_offset) || !caps_ref_output_offset_ok(p->output_offset) ||
        !caps_ref_act_ok(p->act_min, p->act_max))
        return CAPS_ERR_ARG;
    return caps_ref_check_requant_array(multiplier, shift, p->n) != CAPS_OK ? CAPS_ERR_ARG : CAPS_OK;
}
