/**
 * @file ref_reduce.c
 * @brief Parameter validation of the reduction ref/ kernels (see ref_reduce.h).
 */
#include "ref_reduce.h"

caps_status_t caps_ref_check_reduce(const caps_reduce_params_t *params, const void *input, const void *output) {
    if (params == NULL || input == NULL || output == NULL)
        return CAPS_ERR_ARG;
    if (caps_ref_shape_count(params->rank, params->in_dims, 1) < 0)
        return CAPS_ERR_ARG;
    const int32_t all_axes = (int32_t)((1u << (uint32_t)params->rank) - 1u);
    if (params->axes_mask < 0 || (params->axes_mask & ~all_axes) != 0)
        return CAPS_ERR_ARG;
    return CAPS_OK;
}

void caps_ref_reduce_plan(const caps_reduce_params_t *params, caps_ref_reduce_plan_t *plan) {
    int32_t in_strides[CAPS_MAX_DIMS] = {0};
    caps_ref_dense_strides(params->rank, params->in_dims, in_strides);
    plan->kept_rank = 0;
    plan->red_rank = 0;
    plan->red_count = 1;
    for (int32_t d = 0; d < params->rank; ++d) {
        if ((params->axes_mask >> d) & 1) {
            plan->red_dims[plan->red_rank] = params->in_dims[d];
            plan->red_strides[plan->red_rank] = in_strides[d];
            plan->red_rank += 1;
            plan->red_count *= params->in_dims[d]; /* a factor of the validated element count */
        } else {
            plan->kept_dims[plan->kept_rank] = params->in_dims[d];
            plan->kept_strides[plan->kept_rank] = in_strides[d];
            plan->kept_rank += 1;
        }
    }
}
