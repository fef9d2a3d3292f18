#pragma once

#include <cstddef>

#include "ring_buffer.h"

// Average of the last `window` samples.
class MovingAverage {
public:
    explicit MovingAverage(std::size_t window);

    // Adds a sample and returns the average of the samples now in the window.
    double add(double sample);

    double value() const;
    std::size_t count() const { return samples_.size(); }
    double oldest() const { return samples_.front(); }
    double newest() const { return samples_.back(); }

private:
    RingBuffer<double> samples_;
    double sum_ = 0.0;
};
