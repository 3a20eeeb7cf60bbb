/**
 * @file caps_conv2d_s8_get_buffer_size.c
 * @brief caps_conv2d_s8_get_buffer_size - scratch bytes of caps_conv2d_s8, the same for every variant.
 *
 * The DSP variants gather two output positions' receptive fields as int16 columns of
 * k = in_c / groups * k_h * k_w values, padded to a multiple of 4: 2 * 2 * round_up(k, 4) bytes. The reference
 * kernel needs none but asks for the same, so that generated code, its arena and its behaviour do not
 * depend on which variant a firmware links.
 */
#include "capsrt/capsrt.h"

int32_t caps_conv2d_s8_get_buffer_size(const caps_conv2d_s8_params_t *params) {
    if (params == NULL || params->groups <= 0 || params->in_c <= 0 || params->k_h <= 0 || params->k_w <= 0)
        return 0;
    const int64_t k = (int64_t)(params->in_c / params->groups) * params->k_h * params->k_w;
    const int64_t bytes = 2 * 2 * ((k + 3) / 4 * 4);
    return bytes > (int64_t)INT32_MAX ? -1 : (int32_t)bytes;
}
