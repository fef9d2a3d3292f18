// Fixed-capacity circular buffer used for sensor sample windows.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <vector>

template <typename T>
class RingBuffer {
public:
    explicit RingBuffer(std::size_t capacity) : data_(capacity), capacity_(capacity) {
        if (capacity == 0) {
            throw std::invalid_argument("RingBuffer capacity must be positive");
        }
    }

    // Appends a value. When the buffer is full the oldest value is overwritten.
    // Returns true when a value was dropped to make room.
    bool push(const T& value) {
        data_[tail_] = value;
        tail_ = (tail_ + 1) % capacity_;
        if (size_ == capacity_) {
            return true;
        }
        ++size_;
        return false;
    }

    // Removes and returns the oldest value. Throws std::out_of_range when empty.
    T pop() {
        if (size_ == 0) {
            throw std::out_of_range("pop from empty RingBuffer");
        }
        T value = data_[head_];
        head_ = (head_ + 1) % capacity_;
        --size_;
        return value;
    }

    // Oldest value.
    const T& front() const { return at(0); }

    // Newest value.
    const T& back() const { return at(size_ - 1); }

    // The i-th oldest value (0 = oldest). Throws std::out_of_range when i >= size().
    const T& at(std::size_t i) const {
        if (i > size_ || size_ == 0) {
            throw std::out_of_range("RingBuffer index out of range");
        }
        return data_[(head_ + i) % capacity_];
    }

    // All values from oldest to newest.
    std::vector<T> to_vector() const {
        std::vector<T> out;
        out.reserve(size_);
        for (std::size_t i = 0; i < size_; ++i) {
            out.push_back(at(i));
        }
        return out;
    }

    void clear() {
        head_ = tail_ = size_ = 0;
    }

    std::size_t size() const { return size_; }
    std::size_t capacity() const { return capacity_; }
    bool empty() const { return size_ == 0; }
    bool full() const { return size_ == capacity_; }

private:
    std::vector<T> data_;
    std::size_t capacity_;
    std::size_t head_ = 0;  // index of the oldest value
    std::size_t tail_ = 0;  // index where the next value goes
    std::size_t size_ = 0;
};
