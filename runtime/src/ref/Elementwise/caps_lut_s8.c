/**
 * @file caps_lut_s8.c
 * @brief caps_lut_s8 - any elementwise function of one int8 tensor through a 256-entry table.
 */
#include "capsrt/capsrt.h"

/**
 * output[i] = table[input[i] + 128]. The compiler fills the table with the quantized result of the float
 * kernel on every dequantized input value, so sigmoid, tanh, exp, ... cost one load per element.
 * @param params size > 0
 * @param input  size int8 values
 * @param table  256 int8 values, indexed by input + 128
 * @param output size int8 values; may equal input
 * @return CAPS_OK, or CAPS_ERR_ARG for NULL pointers or size <= 0 (nothing is written then)
 */
caps_status_t caps_lut_s8(const caps_lut_s8_params_t *params, const int8_t *input, const int8_t *table, int8_t *output) {
    if (params == NULL || input == NULL || table == NULL || output == NULL || params->size <= 0)
        return CAPS_ERR_ARG;
    for (int32_t i = 0; i < params->size; ++i)
        output[i] = table[(int32_t)input[i] + 128];
    return CAPS_OK;
}
