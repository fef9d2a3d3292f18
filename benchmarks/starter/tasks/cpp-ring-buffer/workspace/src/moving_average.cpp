#include "moving_average.h"

MovingAverage::MovingAverage(std::size_t window) : samples_(window) {}

double MovingAverage::add(double sample) {
    if (samples_.full()) {
        sum_ -= samples_.front();
    }
    samples_.push(sample);
    sum_ += sample;
    return value();
}

double MovingAverage::value() const {
    return samples_.empty() ? 0.0 : sum_ / static_cast<double>(samples_.size());
}
