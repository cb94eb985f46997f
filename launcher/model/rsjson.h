/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __RS_JSON_H__
#define __RS_JSON_H__

#include <gst/gst.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS
/* A GstStructure as a JSON object: strings, numbers (NaN and infinities as
 * null), booleans, arrays and nested structures. With @type_field, the
 * structure's name is added under that key. */
    JsonNode * rs_structure_to_json (const GstStructure * s,
    const gchar * type_field);

/* One line of compact JSON. */
gchar *rs_structure_to_json_line (const GstStructure * s,
    const gchar * type_field);

/* One readable line for a restream event ("restream", "input", "target",
 * "warning", "finding", "error"), with the local time; NULL for events that
 * have none ("status"). */
gchar *rs_event_line (const GstStructure * event);

G_END_DECLS
#endif /* __RS_JSON_H__ */
