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

    check::run("overwrite drops the oldest value", [] {
        RingBuffer<int> rb(3);
        CHECK(!rb.push(1));
        CHECK(!rb.push(2));
        CHECK(!rb.push(3));
        CHECK(rb.push(4));
        CHECK_EQ(3u, rb.size());
        CHECK_EQ(2, rb.front());
        CHECK_EQ(4, rb.back());
        CHECK_EQ((std::vector<int>{2, 3, 4}), rb.to_vector());
    });

    check::run("pop after wrap-around", [] {
        RingBuffer<std::string> rb(2);
        rb.push("a");
        rb.push("b");
        rb.push("c");
        rb.push("d");
        rb.push("e");
        CHECK_EQ(std::string("d"), rb.pop());
        CHECK_EQ(std::string("e"), rb.pop());
        CHECK(rb.empty());
        rb.push("f");
        CHECK_EQ(std::string("f"), rb.front());
        CHECK_EQ(std::string("f"), rb.back());
    });

    check::run("mixed push and pop across the boundary", [] {
        RingBuffer<int> rb(4);
        std::vector<int> popped;
        for (int i = 1; i <= 10; ++i) {
            rb.push(i);
            if (i % 3 == 0) {
                popped.push_back(rb.pop());
            }
        }
        CHECK_EQ((std::vector<int>{1, 3, 6}), popped);
        CHECK_EQ((std::vector<int>{7, 8, 9, 10}), rb.to_vector());
    });

    check::run("capacity one", [] {
        RingBuffer<int> rb(1);
        rb.push(5);
        CHECK(rb.push(6));
        CHECK_EQ(6, rb.front());
        CHECK_EQ(6, rb.pop());
        CHECK(rb.empty());
    });

    check::run("at() rejects indexes past the newest value", [] {
        RingBuffer<int> rb(4);
        rb.push(10);
        rb.push(20);
        CHECK_EQ(20, rb.at(1));
        CHECK_THROWS(std::out_of_range, rb.at(2));
        CHECK_THROWS(std::out_of_range, rb.at(3));
        RingBuffer<int> empty(2);
        CHECK_THROWS(std::out_of_range, empty.at(0));
        CHECK_THROWS(std::out_of_range, empty.front());
    });

    check::run("at() after clear", [] {
        RingBuffer<int> rb(3);
        rb.push(1);
        rb.push(2);
        rb.clear();
        rb.push(9);
        CHECK_EQ(9, rb.at(0));
        CHECK_THROWS(std::out_of_range, rb.at(1));
    });

    check::run("moving average over a sliding window", [] {
        MovingAverage avg(3);
        avg.add(1.0);
        avg.add(2.0);
        avg.add(3.0);
        CHECK_EQ(2.0, avg.value());
        CHECK_EQ(3.0, avg.add(4.0));
        CHECK_EQ(4.0, avg.add(5.0));
        CHECK_EQ(3.0, avg.oldest());
        CHECK_EQ(5.0, avg.newest());
        CHECK_EQ(3u, avg.count());
        CHECK_EQ(6.0, avg.add(9.0));
        CHECK_EQ(6.0, avg.add(4.0));
        CHECK_EQ(5.0, avg.oldest());
    });

    return check::finish();
}
