/* The formats of a picture, apart from picture.h so that what only names
 * one (the configuration file, config.h) needs none of the app. */
#ifndef ZJDASH_PICTURE_FORMAT_H
#define ZJDASH_PICTURE_FORMAT_H

enum picture_format { PIC_SVG, PIC_HTML, PIC_TXT, PIC_ANS, PIC_PNG, PIC_PDF };

#endif
