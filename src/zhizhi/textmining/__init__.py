"""Pure functions over Chinese text, without Django: segmentation, classifiers, clustering, near-duplicates and
reply checks. Everything here takes plain strings and numbers and returns plain values, so it can be benchmarked on
raw files and used by any app."""
