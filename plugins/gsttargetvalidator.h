/* gst-restream
 * Copyright (C) 2026 gst-restream contributors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */

#ifndef __GST_TARGET_VALIDATOR_H__
#define __GST_TARGET_VALIDATOR_H__

#include <gst/gst.h>
#include <gst/base/gstbasetransform.h>

G_BEGIN_DECLS

#define GST_TYPE_TARGET_VALIDATOR (gst_target_validator_get_type ())
G_DECLARE_FINAL_TYPE (GstTargetValidator, gst_target_validator, GST,
    TARGET_VALIDATOR, GstBaseTransform);

/**
 * GstTargetValidatorAction:
 * @GST_TARGET_VALIDATOR_ACTION_WARN: report findings, pass everything
 * @GST_TARGET_VALIDATOR_ACTION_ERROR: an error-severity finding posts an
 *     ERROR and stops the branch
 */
typedef enum
{
  GST_TARGET_VALIDATOR_ACTION_WARN,
  GST_TARGET_VALIDATOR_ACTION_ERROR,
} GstTargetValidatorAction;

#define GST_TYPE_TARGET_VALIDATOR_ACTION \
  (gst_target_validator_action_get_type ())
GType gst_target_validator_action_get_type (void);

#define GST_TYPE_TARGET_VALIDATOR_PLATFORM \
  (gst_target_validator_platform_get_type ())
GType gst_target_validator_platform_get_type (void);

G_END_DECLS

#endif /* __GST_TARGET_VALIDATOR_H__ */
