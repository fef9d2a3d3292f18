// Helpers used when adding files to an archive.
#include <string>

#include "paths.h"

namespace archive {

// Name under which a file is stored: the path relative to the archive root.
std::string entry_name(const std::string& root, const std::string& relative) {
    return paths::join(root, relative);
}

}  // namespace archive
