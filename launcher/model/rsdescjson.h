/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __RS_DESCJSON_H__
#define __RS_DESCJSON_H__

#include <json-glib/json-glib.h>

#include "rsdescription.h"

G_BEGIN_DECLS
/* A description as JSON, with the key names of the .ini form:
 * {"name": ..., "input": ..., "outage-threshold": 3, "retry-timeout": 3600,
 *  "max-targets": 1, "input-tls-validation": true, "slate": true,
 *  "slate-image": "/srv/slate.png",
 *  "targets": [{"name": ..., "url": ..., "key": ..., "platform": ...,
 *  "tls-validation": true, "max-reconnects": 5, "slate": false}]}
 * Unknown fields and wrong types are problems; every other rule is the
 * .ini form's. A problem's key is the JSON field ("targets[0].url"), its
 * group is empty. Returns NULL if any problem is an error. */
    RsDescription * rs_description_load_json (const gchar * data, gssize length,
    GPtrArray * problems);
RsDescription *rs_description_load_json_node (JsonNode * root,
    GPtrArray * problems);
/* The same, with what else to check (RS_DESCRIPTION_LOAD_SKIP_FILES for a
 * description accepted before). */
RsDescription *rs_description_load_json_node_full (JsonNode * root,
    RsDescriptionLoadFlags flags, GPtrArray * problems);

/* Without @secrets, URLs are redacted and keys left out. */
JsonNode *rs_description_to_json (const RsDescription * description,
    gboolean secrets);
JsonNode *rs_description_target_to_json (const RsDescriptionTarget * target,
    gboolean secrets);

G_END_DECLS
#endif /* __RS_DESCJSON_H__ */
