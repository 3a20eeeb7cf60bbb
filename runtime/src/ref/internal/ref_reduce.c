/**
 * @file ref_reduce.c
 * @brief Parameter validation of the reduction ref/ kernels (see ref_reduce.h).
 */
#include "ref_reduce.h"

caps_status_t caps_ref_check_reduce(const caps_reduce_params_t *params, const float *input, const float *output) {
    if (params == NULL || input == NULL || output == NULL)
        return CAPS_ERR_ARG;
    if (caps_ref_shape_count(params->rank, params->in_dims, 1) < 0)
        return CAPS_ERR_ARG;
    const int32_t all_axes = (int32_t)((1u << (uint32_t)params->rank) - 1u);
    if (params->axes_mask < 0 || (params->axes_mask & ~all_axes) != 0)
        return CAPS_ERR_ARG;
    return CAPS_OK;
}
