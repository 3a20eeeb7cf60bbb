/**
 * @file ref_elementwise.c
 * @brief Parameter validation of the unary and binary elementwise ref/ kernels.
 */
#include "ref_elementwise.h"

caps_status_t caps_ref_check_unary(const caps_unary_params_t *params, const void *input, const void *output) {
    if (params == NULL || input == NULL || output == NULL || params->size <= 0)
        return CAPS_ERR_ARG;
    return CAPS_OK;
}

caps_status_t
caps_ref_check_binary(const caps_binary_params_t *params, const void *a, const void *b, const void *output) {
    if (params == NULL || a == NULL || b == NULL || output == NULL)
        return CAPS_ERR_ARG;
    if (caps_ref_shape_count(params->rank, params->out_dims, 0) < 0)
        return CAPS_ERR_ARG;
    if (caps_ref_broadcast_extent(params->rank, params->out_dims, params->a_strides, 1) < 0)
        return CAPS_ERR_ARG;
    if (caps_ref_broadcast_extent(params->rank, params->out_dims, params->b_strides, 1) < 0)
        return CAPS_ERR_ARG;
    return CAPS_OK;
}
