#include <string>
#include <vector>

#include "../src/moving_average.h"
#include "../src/ring_buffer.h"
#include "check.h"

int main() {
    check::run("push and pop in order", [] {
        RingBuffer<int> rb(3);
        rb.push(1);
        rb.push(2);
        CHECK_EQ(2u, rb.size());
        CHECK_EQ(1, rb.pop());
        CHECK_EQ(2, rb.pop());
        CHECK(rb.empty());
    });

    check::run("zero capacity is rejected", [] {
        CHECK_THROWS(std::invalid_argument, RingBuffer<int>(0));
    });

    check::run("pop on empty throws", [] {
        RingBuffer<int> rb(2);
        CHECK_THROWS(std::out_of_range, rb.pop());
    });

    check::run("moving average before the window is full", [] {
        MovingAverage avg(4);
        CHECK_EQ(2.0, avg.add(2.0));
        CHECK_EQ(3.0, avg.add(4.0));
    });

    return check::finish();
}
