/**
 * @file ref_util.c
 * @brief Shape and stride validation shared by the ref/ kernels (see ref_util.h).
 */
#include "ref_util.h"

int32_t caps_ref_shape_count(int32_t rank, const int32_t *dims, int32_t min_rank) {
    if (dims == NULL || rank < min_rank || rank < 0 || rank > CAPS_MAX_DIMS)
        return -1;
    int32_t count = 1;
    for (int32_t d = 0; d < rank; ++d) {
        count = caps_ref_mul(count, dims[d]);
        if (count < 0)
            return -1;
    }
    return count;
}

void caps_ref_dense_strides(int32_t rank, const int32_t *dims, int32_t *strides) {
    int32_t stride = 1;
    for (int32_t d = rank - 1; d >= 0; --d) {
        strides[d] = stride;
        stride *= dims[d];
    }
}

int32_t caps_ref_broadcast_extent(int32_t rank, const int32_t *dims, const int32_t *strides, int32_t unit) {
    if (unit <= 0 || rank < 0 || rank > CAPS_MAX_DIMS)
        return -1;
    int32_t extent = unit;
    for (int32_t d = rank - 1; d >= 0; --d) {
        if (dims[d] <= 0 || strides[d] < 0)
            return -1;
        if (dims[d] == 1 || strides[d] == 0)
            continue;
        if (strides[d] != extent)
            return -1;
        extent = caps_ref_mul(extent, dims[d]);
        if (extent < 0)
            return -1;
    }
    return extent;
}
