cmake_policy(VERSION 3.25)
# Checks the module dependency rules of docs/ARCHITECTURE.md on the sources:
#  - a core module includes only headers of the modules it may depend on;
#  - pure-computation modules (model, pricing, logging, signals) include no Qt header at all;
#  - no core module includes a QtGui or QtWidgets header.
# Run: cmake -DSOURCE_DIR=<repo> -P check_architecture.cmake

set(allowed_model model)
set(allowed_pricing pricing model)
set(allowed_logging logging)
set(allowed_storage storage model logging)
set(allowed_marketdata marketdata model pricing logging)
set(allowed_engine engine marketdata storage pricing signals model logging)
set(allowed_signals signals model)
set(pure_modules model pricing logging signals)
set(core_modules model pricing logging storage marketdata engine signals)
set(gui_headers QWidget QApplication QMainWindow QPainter QColor QFont QPixmap QImage QIcon
    QGuiApplication QtGui QtWidgets QAction QPalette QScreen QWindow)

set(violations "")
foreach(module IN LISTS core_modules)
    file(GLOB_RECURSE files "${SOURCE_DIR}/core/${module}/*.h" "${SOURCE_DIR}/core/${module}/*.cpp")
    foreach(file IN LISTS files)
        file(STRINGS "${file}" includes REGEX "^#include [<\"]")
        foreach(line IN LISTS includes)
            if(line MATCHES "^#include \"([a-z]+)/")
                set(target_module "${CMAKE_MATCH_1}")
                if(NOT target_module IN_LIST allowed_${module})
                    list(APPEND violations "${file}: core/${module} may not include ${target_module}/ (${line})")
                endif()
            endif()
            if(line MATCHES "^#include <(Q[A-Za-z]*)")
                set(header "${CMAKE_MATCH_1}")
                if(module IN_LIST pure_modules)
                    list(APPEND violations "${file}: pure module core/${module} includes Qt (${line})")
                elseif(header IN_LIST gui_headers)
                    list(APPEND violations "${file}: core/${module} includes a GUI header (${line})")
                endif()
            endif()
        endforeach()
    endforeach()
endforeach()

list(LENGTH violations count)
if(count GREATER 0)
    string(REPLACE ";" "\n" text "${violations}")
    message(FATAL_ERROR "${count} architecture violation(s):\n${text}")
endif()
message(STATUS "architecture: include rules hold for ${core_modules}")
