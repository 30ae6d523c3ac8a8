"""Demo content for the fictional Kestrel Therapy Clinic, written for this project."""

from __future__ import annotations

CLINIC = {
    "name": "Kestrel Therapy Clinic",
    "contact_email": "hello@example.com",
    "default_booking_url": "https://book.example.com/kestrel",
    "cta_label": "Book an appointment",
    # A made-up address and phone number, for structured data on the home page.
    "telephone": "+358 40 000 0000",
    "street_address": "Kestrelinkatu 4 B",
    "postal_code": "00510",
    "address_locality": "Helsinki",
    "address_country": "FI",
}

# The clinic's week: weekday -> (opens, closes); a weekday left out is closed.
OPENING_HOURS = {
    "monday": ("09:00", "18:00"),
    "tuesday": ("08:00", "20:00"),
    "wednesday": ("09:00", "18:00"),
    "thursday": ("09:00", "18:00"),
    "friday": ("09:00", "16:00"),
    "saturday": ("10:00", "14:00"),
}
# Closed over the winter holidays: the next 24-26 December from the day the demo is loaded.
HOLIDAY_CLOSURE = {"month": 12, "first_day": 24, "last_day": 26, "reason": "Winter holidays"}
VISIT_INTRO = (
    "<p>We are on the ground floor of a quiet courtyard building, two minutes' walk from the "
    "tram stop. Ring the bell marked <b>Kestrel</b> and we will come and meet you.</p>"
    "<p>There is step-free access through the courtyard gate and a bicycle rack by the door. "
    "Street parking nearby is limited, so allow a little extra time if you come by car.</p>"
)

HOME = {
    "title": "Kestrel Therapy Clinic",
    "intro": (
        "<p>Kestrel Therapy Clinic is a small, friendly practice offering "
        "<b>massage therapy</b> and <b>women's health physiotherapy</b>. "
        "Whether you are training for a race, growing a baby, living with "
        "pelvic symptoms or simply need an hour to let your shoulders drop, "
        "we will listen first and then plan a treatment that suits you.</p>"
        "<p>Have a look at our services and prices, get to know our "
        "therapists, or read our articles for practical advice you can use "
        "at home. If you are not sure what to book, email us at "
        '<a href="mailto:hello@example.com">hello@example.com</a> and we will point you in the right '
        "direction.</p>"
    ),
}

INDEXES = {
    "articles": {
        "title": "Articles",
        "intro": (
            "<p>Plain-spoken notes from our therapists on the things clients "
            "ask us about most, from tired feet to pelvic health. They are "
            "general information, not a diagnosis, so please speak to a "
            "health professional about your own situation.</p>"
        ),
    },
    "therapists": {
        "title": "Our therapists",
        "intro": (
            "<p>Our team is small on purpose, so you see the same person from "
            "one visit to the next. Each therapist lists the days they are "
            "in clinic and the treatments they offer.</p>"
        ),
    },
    "services": {
        "title": "Services and prices",
        "intro": (
            "<p>Every appointment starts with a short conversation about how "
            "you are and what you would like to get from the session. Prices "
            "are per appointment and include time to get settled and to talk "
            "about aftercare.</p>"
        ),
    },
}

SERVICES = [
    {
        "slug": "pregnancy-massage",
        "title": "Pregnancy massage",
        "summary": (
            "A gentle, supported massage for the changing body in pregnancy, "
            "given lying on your side with plenty of cushions."
        ),
        "description": (
            "<p>Pregnancy brings a lot of change in a short time. As your "
            "bump grows, your posture shifts, your lower back and hips take "
            "more load, and sleep can become harder to come by. A pregnancy "
            "massage gives you an hour to rest in a comfortable position "
            "while we ease tension in the back, neck, shoulders, hips and "
            "legs.</p>"
            "<p>You will usually lie on your side, supported by pillows "
            "under your head, bump and knees, so there is no need to lie "
            "flat on your front or for long on your back. We use slow, "
            "steady pressure and adjust it to whatever feels right for you "
            "on the day.</p>"
            "<p>Before your first session we will ask a few questions about "
            "your pregnancy and general health. Please let us know, and "
            "check with your midwife or doctor first, if you have:</p>"
            "<ul>"
            "<li>any bleeding, or a low-lying placenta</li>"
            "<li>high blood pressure or pre-eclampsia</li>"
            "<li>a history of blood clots, or a painful, swollen calf</li>"
            "<li>been told your pregnancy is high risk</li>"
            "</ul>"
            "<p>Massage is a way to feel more comfortable; it is not a "
            "substitute for antenatal care. If something feels wrong, "
            "contact your midwife or maternity unit straight away.</p>"
        ),
        "booking_url": "https://book.example.com/kestrel/pregnancy-massage",
        "options": [
            {"label": "60 minutes", "duration_minutes": 60, "price": "65.00"},
            {"label": "90 minutes", "duration_minutes": 90, "price": "90.00"},
        ],
    },
    {
        "slug": "holistic-massage",
        "title": "Holistic massage",
        "summary": (
            "A relaxing full-body massage that takes account of how you feel as a whole, not just where it aches."
        ),
        "description": (
            "<p>Holistic massage is about the whole person. We start by "
            "asking how you are sleeping, what your days look like and "
            "where you tend to hold tension, and then shape the session "
            "around your answers rather than following a fixed routine.</p>"
            "<p>Most of the work uses long, flowing strokes with a light to "
            "medium pressure, which many people find helps them switch off "
            "and breathe more easily. We can spend extra time on areas that "
            "feel tight, such as the neck and shoulders, or keep the whole "
            "session gentle if that is what you need.</p>"
            "<p>You stay covered with towels throughout, with only the area "
            "being worked on uncovered, and you are always welcome to ask "
            "us to change the pressure or skip an area.</p>"
            "<p>A holistic massage can be a good first step if you have not "
            "had a massage before, or a regular way to look after yourself "
            "during a busy or stressful time.</p>"
        ),
        "booking_url": "",
        "options": [
            {"label": "60 minutes", "duration_minutes": 60, "price": "60.00"},
            {"label": "90 minutes", "duration_minutes": 90, "price": "85.00"},
        ],
    },
    {
        "slug": "deep-tissue-remedial-sports-massage",
        "title": "Deep tissue / remedial sports massage",
        "summary": (
            "Focused, firmer hands-on work for tight muscles, training "
            "niggles and overuse aches, with advice to help you keep moving."
        ),
        "description": (
            "<p>This treatment is for bodies that work hard, whether that "
            "means running, climbing, lifting, gardening or standing at a "
            "counter all day. We begin with a short assessment of how you "
            "move and where it hurts, then concentrate on the muscles and "
            "soft tissues that are involved.</p>"
            "<p>Depending on what we find, the session may include:</p>"
            "<ul>"
            "<li><b>deep tissue work</b> with slow, firm pressure</li>"
            "<li><b>trigger point release</b> for tender, knotted spots</li>"
            "<li><b>cross-fibre friction</b> around tendons and old scar "
            "tissue</li>"
            "<li><b>stretching and joint mobilisation</b> to help you move "
            "more freely</li>"
            "</ul>"
            "<p>Firm does not have to mean painful. Some discomfort is "
            "normal, but we will check in with you and work within a level "
            "you are happy with. You may feel a little sore for a day or "
            "two afterwards, much as you would after a hard training "
            "session.</p>"
            "<p>You will leave with simple exercises or self-care ideas to "
            "keep the benefit going. If we think your problem needs a "
            "medical opinion or a physiotherapy assessment, we will tell "
            "you.</p>"
        ),
        "booking_url": "https://book.example.com/kestrel/sports-massage",
        "options": [
            {"label": "30 minutes", "duration_minutes": 30, "price": "40.00"},
            {"label": "45 minutes", "duration_minutes": 45, "price": "52.00"},
            {"label": "60 minutes", "duration_minutes": 60, "price": "65.00"},
        ],
    },
    {
        "slug": "pelvic-health-assessment",
        "title": "Pelvic health assessment",
        "summary": (
            "A private, one-to-one physiotherapy assessment for bladder, "
            "bowel, prolapse and pelvic pain symptoms, during pregnancy, "
            "after birth, around menopause or at any time of life."
        ),
        "description": (
            "<p>Pelvic health problems are common, but they are not "
            "something you simply have to live with. A women's health "
            "physiotherapist can help with leaking when you cough or "
            "exercise, a sudden urge to wee, a feeling of heaviness or a "
            "bulge, pelvic or bladder pain, pain during sex, and recovery "
            "after pregnancy and birth.</p>"
            "<p>Your first appointment is a longer session. We talk through "
            "your symptoms, general health and what matters most to you, "
            "and look at your breathing, posture and how your tummy and "
            "pelvic floor muscles work together.</p>"
            "<p>With your consent, the assessment may include an internal "
            "(vaginal) examination, which is the most accurate way to check "
            "how the pelvic floor muscles contract and relax. It is always "
            "your choice: we will explain everything beforehand, you can "
            "stop at any time, and we can still help if you would rather "
            "not have one.</p>"
            "<p>You will leave with a clear explanation of what we found and "
            "a plan, which may include pelvic floor exercises or relaxation, "
            "bladder habits, hands-on treatment and return to exercise. If "
            "anything needs a doctor's input, we will say so and help you "
            "take the next step.</p>"
        ),
        "booking_url": "",
        "options": [
            {
                "label": "Initial assessment (60 minutes)",
                "duration_minutes": 60,
                "price": "85.00",
            },
            {
                "label": "Follow-up appointment (45 minutes)",
                "duration_minutes": 45,
                "price": "65.00",
            },
        ],
    },
]

THERAPISTS = [
    {
        "slug": "piia-laakso",
        "name": "Piia Laakso",
        "role": "Remedial sports massage therapist",
        "working_days": ["tuesday"],
        "email": "piia@example.com",
        "booking_url": "https://book.example.com/kestrel/piia-laakso",
        "bio": (
            "<p>Piia came to massage through sport. After years of trail "
            "running and bouldering, and more than a few niggles of her own, "
            "she trained in remedial and sports massage so she could help "
            "other active people keep doing what they love.</p>"
            "<p>Her sessions combine firm, focused work with plenty of "
            "explanation. She likes her clients to understand why an area "
            "is tight and what they can do about it at home, whether that is "
            "a calf stretch, a change to a training plan or simply more "
            "rest.</p>"
            "<p>Piia also offers pregnancy and holistic massage, and is just "
            "as happy working gently as she is working deep. She is in "
            "clinic on Tuesdays.</p>"
        ),
        "services": [
            "pregnancy-massage",
            "holistic-massage",
            "deep-tissue-remedial-sports-massage",
        ],
    },
    {
        "slug": "maija-virtanen",
        "name": "Maija Virtanen",
        "role": "Women's health physiotherapist",
        "working_days": ["monday", "wednesday", "thursday"],
        "email": "maija@example.com",
        "booking_url": "",
        "bio": (
            "<p>Maija is a physiotherapist who specialises in women's and "
            "pelvic health. She works with women at every stage of life, "
            "from pregnancy and the months after birth to perimenopause, "
            "menopause and beyond.</p>"
            "<p>She sees people with bladder leaks and urgency, prolapse "
            "symptoms, pelvic and bladder pain, and pain during sex, as well "
            "as those who want to return to running or lifting with "
            "confidence after having a baby.</p>"
            "<p>Maija knows these can be hard things to talk about. Her "
            "appointments are unhurried and private, she explains each step "
            "before it happens, and nothing is done without your agreement. "
            "She is in clinic on Mondays, Wednesdays and Thursdays.</p>"
        ),
        "services": ["pelvic-health-assessment"],
    },
]

IMAGES = {
    "feet": {
        "title": "Massage for the feet",
        "alt": "Soft abstract gradient fading from warm sand to pale sage green",
        "colours": ["#d9c7a7", "#a9bfa3"],
    },
    "menopause": {
        "title": "Menopause and your pelvic floor",
        "alt": "Calm abstract gradient blending dusky heather into soft cream",
        "colours": ["#b7a3c2", "#efe6d8"],
    },
    "bladder": {
        "title": "Bladder pain syndrome",
        "alt": "Gentle abstract gradient moving from pale sky blue to misty grey",
        "colours": ["#a9c6d9", "#cfd6dc"],
    },
    "piia": {
        "title": "Piia Laakso",
        "alt": "Abstract portrait placeholder in muted teal and warm stone tones",
        "colours": ["#7fa7a1", "#d8cbb8"],
    },
    "maija": {
        "title": "Maija Virtanen",
        "alt": "Abstract portrait placeholder in soft rose and pale lavender tones",
        "colours": ["#d8b4b0", "#c9c1dd"],
    },
    "pregnancy": {
        "title": "Pregnancy massage",
        "alt": "Warm abstract gradient from peach to soft apricot cream",
        "colours": ["#f1c6a8", "#f6e4cf"],
    },
    "holistic": {
        "title": "Holistic massage",
        "alt": "Restful abstract gradient from moss green to pale linen",
        "colours": ["#9fb291", "#ece6d6"],
    },
    "deep-tissue": {
        "title": "Deep tissue / remedial sports massage",
        "alt": "Steady abstract gradient from slate blue to light stone grey",
        "colours": ["#6f8799", "#cfcac0"],
    },
    "pelvic": {
        "title": "Pelvic health assessment",
        "alt": "Quiet abstract gradient from soft plum to pale blush pink",
        "colours": ["#a88aa6", "#f0dcdc"],
    },
    "pelvic-floor-breathing": {
        "title": "Breathing and the pelvic floor",
        "alt": "Abstract gradient from pale lilac to soft morning yellow",
        "colours": ["#cdbfe0", "#f4e8bf"],
    },
    "arch-massage": {
        "title": "Working along the arch of the foot",
        "alt": "Abstract gradient from earthy terracotta to light oatmeal",
        "colours": ["#c99a7d", "#eee3d0"],
    },
    "bladder-diary": {
        "title": "Keeping a bladder diary",
        "alt": "Abstract gradient from soft seafoam green to pale powder blue",
        "colours": ["#b5d6c8", "#d4e2ee"],
    },
}

ARTICLES = [
    {
        "slug": "menopause-and-your-pelvic-floor",
        "title": "Menopause and your pelvic floor",
        "publication_date": "2026-09-08",
        "author": "maija-virtanen",
        "summary": (
            "Why bladder leaks, urgency and prolapse symptoms often appear "
            "around menopause, and the practical steps, from pelvic floor "
            "exercises to a chat with your GP, that can make a real "
            "difference."
        ),
        "tags": ["menopause", "pelvic floor", "bladder", "women's health"],
        "hero_image": "menopause",
        "body": [
            (
                "rich_text",
                "<p>Hot flushes and poor sleep tend to get most of the "
                "attention, but many women notice changes lower down too. "
                "Perhaps you leak a little when you sneeze, need the toilet "
                "more urgently than you used to, or feel a dragging "
                "heaviness at the end of the day. These symptoms are common "
                "around menopause. They are also very treatable, and they "
                "are not simply part of getting older.</p>",
            ),
            ("heading", "What changes around menopause"),
            (
                "rich_text",
                "<p>Your pelvic floor is a group of muscles that stretches "
                "like a hammock from your pubic bone at the front to your "
                "tailbone at the back. It supports your bladder, bowel and "
                "womb, helps keep you continent, and plays a part in sexual "
                "function.</p>"
                "<p>Oestrogen helps keep the tissues of the vagina, urethra "
                "and bladder thick, stretchy and well supplied with blood. "
                "As oestrogen levels fall, these tissues can become thinner, "
                "drier and less elastic. Doctors sometimes call this group "
                "of changes <i>genitourinary syndrome of menopause</i>. At "
                "the same time, muscle strength tends to decline with age "
                "unless we actively work on it, and the pelvic floor is no "
                "exception. Earlier pregnancies and births, long-term "
                "constipation, a persistent cough and heavy lifting can all "
                "add to the load these muscles have carried over the "
                "years.</p>",
            ),
            ("heading", "Symptoms worth mentioning"),
            (
                "rich_text",
                "<p>You might notice one or more of the following:</p>"
                "<ul>"
                "<li>leaking when you cough, laugh, sneeze, run or jump "
                "(stress incontinence)</li>"
                "<li>a sudden, strong need to wee that is hard to put off, "
                "sometimes with leaking on the way (urgency)</li>"
                "<li>getting up at night to pass urine more than you used "
                "to</li>"
                "<li>a feeling of heaviness, dragging or a bulge in the "
                "vagina, which can be a sign of prolapse</li>"
                "<li>vaginal dryness, soreness or pain during sex</li>"
                "<li>more frequent urine infections</li>"
                "</ul>"
                "<p>Many women wait years before asking for help, often "
                "because they feel embarrassed or assume nothing can be "
                "done. Please do not wait. The earlier you start, the "
                "easier these symptoms usually are to improve.</p>",
            ),
            (
                "quote",
                {
                    "quote": (
                        "Most of the women I see wish they had come sooner. "
                        "A few months of the right exercises can change how "
                        "confident you feel day to day."
                    ),
                    "attribution": "Maija Virtanen, women's health physiotherapist",
                },
            ),
            ("heading", "How pelvic floor exercises help"),
            (
                "rich_text",
                "<p>Pelvic floor muscle training is the recommended first "
                "treatment for stress incontinence, and it can also help "
                "with urgency and mild prolapse symptoms. Like any muscle "
                "training, it works best when it is done regularly and "
                "correctly, and when it gets gradually harder over "
                "time.</p>"
                "<p>To find the right muscles, sit comfortably and imagine "
                "you are trying to stop yourself passing wind and holding in "
                "a wee at the same time. You should feel a squeeze and a "
                "gentle lift inside. Keep breathing, and try not to clench "
                "your buttocks or hold your breath.</p>"
                "<ol>"
                "<li><b>Long squeezes:</b> squeeze and lift, hold for up to "
                "ten seconds, then let go fully and rest for a few "
                "seconds. Repeat up to ten times.</li>"
                "<li><b>Quick squeezes:</b> squeeze and lift firmly, then "
                "let go straight away. Repeat up to ten times.</li>"
                "<li>Aim for three sets a day, and give it at least three "
                "months before judging the results.</li>"
                "</ol>"
                "<p>Letting go matters as much as squeezing. Some women "
                "have pelvic floor muscles that are tense rather than weak, "
                "and for them, more squeezing can make things worse. If "
                "the exercises feel confusing, painful or do not seem to be "
                "helping, an assessment with a pelvic health "
                "physiotherapist can check what your muscles are actually "
                "doing and tailor a plan to you.</p>",
            ),
            (
                "image",
                {
                    "image": "pelvic-floor-breathing",
                    "caption": (
                        "Breathing steadily while you squeeze and relax "
                        "helps the pelvic floor and tummy muscles work "
                        "together."
                    ),
                },
            ),
            ("heading", "Other things that can help"),
            (
                "rich_text",
                "<ul>"
                "<li><b>Vaginal oestrogen.</b> Low-dose oestrogen used "
                "directly in the vagina can ease dryness and soreness and "
                "may help with urgency and repeated infections. Ask your "
                "GP whether it is suitable for you.</li>"
                "<li><b>Sensible drinking.</b> Cutting back on fluids to "
                "avoid leaks tends to backfire, because concentrated urine "
                "can irritate the bladder. Most people do well on around "
                "six to eight glasses a day. Caffeine, fizzy drinks and "
                "alcohol make urgency worse for some people.</li>"
                "<li><b>Avoiding constipation.</b> Straining puts extra "
                "pressure on the pelvic floor. Fibre, fluids and a small "
                "footstool under your feet on the toilet can all help.</li>"
                "<li><b>Squeezing before you sneeze.</b> Tightening your "
                "pelvic floor just before you cough, sneeze or lift can "
                "reduce leaks while your strength builds.</li>"
                "<li><b>Staying active.</b> Strength training and regular "
                "exercise support your bones, muscles and mood during "
                "menopause. A physiotherapist can help you return to "
                "running or jumping if leaks are holding you back.</li>"
                "</ul>",
            ),
            ("heading", "When to see your GP"),
            (
                "rich_text",
                "<p>Speak to your GP promptly if you have any vaginal "
                "bleeding after your periods have stopped, blood in your "
                "urine, pain when passing urine, repeated urine infections, "
                "or a bulge that you can see or feel. These do not "
                "necessarily mean anything serious, but they do need to be "
                "checked by a doctor.</p>",
            ),
            (
                "call_to_action",
                {
                    "heading": "Talk to Maija about your pelvic floor",
                    "text": (
                        "Maija offers private, unhurried pelvic health "
                        "appointments on Mondays, Wednesdays and Thursdays."
                    ),
                    "therapist": "maija-virtanen",
                },
            ),
        ],
    },
    {
        "slug": "massage-for-the-feet",
        "title": "Massage for the feet",
        "publication_date": "2026-10-06",
        "author": "piia-laakso",
        "summary": (
            "How the calf, Achilles tendon and plantar fascia work together, "
            "why they get overloaded in runners, climbers and people on "
            "their feet all day, and what a foot and calf massage involves."
        ),
        "tags": ["massage", "feet", "running", "climbing"],
        "hero_image": "feet",
        "body": [
            (
                "rich_text",
                "<p>Your feet carry you through thousands of steps a day, "
                "yet they are often the last part of the body to get any "
                "care. In clinic I see three groups who especially feel "
                "the difference when feet and calves are looked after: "
                "runners, climbers, and people who spend their working day "
                "standing or walking.</p>",
            ),
            ("heading", "Why feet work so hard"),
            (
                "rich_text",
                "<p><b>Runners</b> land with a force of roughly two to three "
                "times their body weight on every stride, and the foot and "
                "calf absorb much of it before springing you forward "
                "again. A sudden jump in mileage, lots of hills or new "
                "shoes can tip that load past what the tissues are ready "
                "for.</p>"
                "<p><b>Climbers</b> squeeze their feet into tight, "
                "down-turned shoes and then stand on small edges with the "
                "toes curled and the calf working hard. Hours of this can "
                "leave the small muscles in the sole and the calves stiff "
                "and sore.</p>"
                "<p><b>People on their feet all day</b>, such as nurses, "
                "hairdressers, shop and warehouse staff, and teachers, "
                "rarely get the variety of movement feet enjoy. Standing "
                "still on hard floors keeps the same structures under "
                "steady load for hours.</p>",
            ),
            ("heading", "The Achilles tendon and the plantar fascia"),
            (
                "rich_text",
                "<p>The <b>Achilles tendon</b> is the thick cord you can "
                "feel at the back of your ankle. It joins your two main "
                "calf muscles, the gastrocnemius and the soleus, to your "
                "heel bone. It is the strongest tendon in the body, and "
                "every time you push off to walk, run or climb onto your "
                "toes, it transfers the pull of the calf to the foot.</p>"
                "<p>The <b>plantar fascia</b> is a tough, fibrous band on "
                "the sole of your foot. It runs from the underside of the "
                "heel bone forward to the bases of the toes and helps "
                "support the arch. When your toes bend back as you push "
                "off, the fascia tightens like a windlass, stiffening the "
                "foot so it can act as a firm lever.</p>"
                "<p>Both structures attach to the heel bone and both are "
                "loaded in the same push-off, so they behave as a linked "
                "system. Tight, tired calves put more strain on the "
                "Achilles and are often found in people with plantar heel "
                "pain. That is why, when someone comes in with sore feet, I "
                "almost always treat the calves as well.</p>",
            ),
            ("heading", "Common overuse problems"),
            (
                "rich_text",
                "<ul>"
                "<li><b>Achilles tendinopathy:</b> pain and stiffness in "
                "the tendon, often worst first thing in the morning or at "
                "the start of a run, sometimes with a thickened, tender "
                "area a few centimetres above the heel.</li>"
                "<li><b>Plantar heel pain</b> (often called plantar "
                "fasciitis): a sharp or bruised feeling under the heel, "
                "typically worst with the first steps out of bed or after "
                "sitting for a while.</li>"
                "<li><b>Tight calves and cramping</b>, and general aching "
                "through the arch after long days or hard sessions.</li>"
                "</ul>"
                "<p>Tendon and fascia problems usually settle best with a "
                "sensible adjustment to load and a gradual strengthening "
                "programme. Massage does not replace that, but it can ease "
                "tightness and discomfort and make it easier to keep "
                "moving while you rebuild.</p>",
            ),
            (
                "image",
                {
                    "image": "arch-massage",
                    "caption": (
                        "Slow thumb strokes along the arch follow the line of the plantar fascia from heel to toes."
                    ),
                },
            ),
            ("heading", "What happens in a foot and calf massage"),
            (
                "rich_text",
                "<p>We start by chatting about your activity, your footwear "
                "and where you feel pain, and I will watch how your ankle "
                "and toes move. The hands-on part usually includes:</p>"
                "<ul>"
                "<li><b>Effleurage:</b> long, gliding strokes up the foot "
                "and calf to warm the tissues and help you relax.</li>"
                "<li><b>Calf work:</b> kneading and deeper pressure through "
                "the gastrocnemius and soleus, easing off near any tender "
                "part of the Achilles.</li>"
                "<li><b>Thumb stripping along the arch:</b> slow, firm "
                "strokes from heel to toes along the sole, following the "
                "plantar fascia.</li>"
                "<li><b>Cross-fibre friction:</b> small movements across "
                "the direction of the fibres around the heel and tendon, "
                "used carefully and only where it suits the problem.</li>"
                "<li><b>Trigger points:</b> steady pressure on tender, "
                "knotted spots in the calf and sole until they soften.</li>"
                "<li><b>Mobilising the ankle and toes:</b> gentle, "
                "rhythmic movements to restore ease in the many small "
                "joints of the foot.</li>"
                "</ul>"
                "<p>You will leave with one or two things to do at home, "
                "such as rolling the sole over a ball, a calf stretch or a "
                "simple heel raise exercise.</p>",
            ),
            ("heading", "When to see a doctor instead"),
            (
                "rich_text",
                "<p>Massage is not the right first step for every foot "
                "problem. Please see a doctor, and do not book a massage, "
                "if you have:</p>"
                "<ul>"
                "<li>a sudden snap, pop or kick-like feeling at the back of "
                "the ankle, or you cannot push up onto your toes. This can "
                "mean a ruptured Achilles and needs urgent care.</li>"
                "<li>a hot, red, swollen or very painful calf, especially "
                "after a long journey or surgery, as this can be a sign of "
                "a blood clot</li>"
                "<li>pain after a fall or twist that stops you putting "
                "weight on the foot</li>"
                "<li>numbness, pins and needles or burning in the foot</li>"
                "<li>diabetes with any foot pain, wound or change in "
                "sensation</li>"
                "<li>pain that wakes you at night or has not improved "
                "after a few weeks of rest and sensible changes</li>"
                "</ul>",
            ),
            (
                "call_to_action",
                {
                    "heading": "Give your feet some attention",
                    "text": (
                        "Book a deep tissue or remedial sports massage and "
                        "we will work through your feet, ankles and calves."
                    ),
                    "service": "deep-tissue-remedial-sports-massage",
                },
            ),
        ],
    },
    {
        "slug": "what-is-bladder-pain-syndrome",
        "title": "What is Bladder Pain Syndrome and how can I get help?",
        "publication_date": "2026-11-03",
        "author": "maija-virtanen",
        "summary": (
            "Bladder pain syndrome causes ongoing bladder pain and urgency "
            "without an infection to explain it. Here is how it is "
            "diagnosed and how physiotherapy, self-help and medical care "
            "fit together."
        ),
        "tags": ["bladder", "pelvic pain", "physiotherapy", "women's health"],
        "hero_image": "bladder",
        "body": [
            (
                "rich_text",
                "<p>If you keep feeling as though you have cystitis, but "
                "your urine tests come back clear, you may be left confused "
                "and worn out. One possible explanation is <b>bladder pain "
                "syndrome</b>. It is a real, recognised condition, and "
                "although there is no single quick fix, there is a lot that "
                "can help.</p>",
            ),
            ("heading", "What is bladder pain syndrome?"),
            (
                "rich_text",
                "<p>Bladder pain syndrome, also known as <i>interstitial "
                "cystitis</i> (you may see it written as BPS/IC), is a "
                "long-term condition in which you have pain, pressure or "
                "discomfort that seems to come from the bladder, along with "
                "other urinary symptoms such as needing to go often or "
                "urgently. By definition, there is no infection or other "
                "obvious cause to explain it.</p>"
                "<p>It is more common in women than men. The exact cause is "
                "not fully understood and probably differs from person to "
                "person. Possible factors include changes in the protective "
                "lining of the bladder, a nervous system that has become "
                "more sensitive to signals from the pelvis, and tension in "
                "the surrounding muscles.</p>",
            ),
            ("heading", "Common symptoms"),
            (
                "rich_text",
                "<ul>"
                "<li>pain, pressure or aching low in the tummy, often "
                "worse as the bladder fills and eased for a while after "
                "emptying</li>"
                "<li>needing to pass urine often, day and night</li>"
                "<li>a strong, persistent urge to go</li>"
                "<li>pain in the urethra, vagina, vulva or lower back</li>"
                "<li>pain during or after sex</li>"
                "</ul>"
                "<p>Symptoms often come and go. Many people have calmer "
                "spells and then flare-ups, which can be linked to stress, "
                "certain foods or drinks, the menstrual cycle or "
                "sex.</p>",
            ),
            ("heading", "How it is diagnosed"),
            (
                "rich_text",
                "<p>There is no single test for bladder pain syndrome. It "
                "is a <b>diagnosis of exclusion</b>, which means your "
                "doctor will first check for other conditions that can "
                "cause similar symptoms. This usually includes urine tests "
                "for infection and blood, and a physical examination. "
                "Depending on your symptoms, you may be referred to a "
                "urologist or urogynaecologist for further tests, which may "
                "include a camera examination of the bladder "
                "(cystoscopy).</p>"
                "<p>Getting a diagnosis can take time. Keeping notes on "
                "your symptoms makes those appointments more useful.</p>",
            ),
            ("heading", "The pelvic floor connection"),
            (
                "rich_text",
                "<p>Many people with bladder pain syndrome have pelvic "
                "floor muscles that are <b>overactive</b>: tight, tender "
                "and unable to relax fully. When you live with pain, it is "
                "natural for these muscles to brace in protection, and "
                "over time that constant guarding can add its own pain, "
                "urgency and difficulty emptying the bladder.</p>"
                "<p>This is why standard strengthening exercises are often "
                "not the right approach. If your pelvic floor is already "
                "working too hard, learning to let it go is usually the "
                "priority.</p>",
            ),
            (
                "quote",
                {
                    "quote": (
                        "For many people with bladder pain, the most useful "
                        "thing the pelvic floor can learn is how to relax."
                    ),
                    "attribution": "Maija Virtanen, women's health physiotherapist",
                },
            ),
            ("heading", "How pelvic health physiotherapy can help"),
            (
                "rich_text",
                "<p>Clinical guidelines recommend physiotherapy as part of "
                "treatment for bladder pain syndrome when the pelvic floor "
                "muscles are tender. A pelvic health physiotherapist will "
                "assess your muscles, with your consent, and may offer:</p>"
                "<ul>"
                "<li>gentle hands-on release of tight, tender muscles and "
                "connective tissue in the pelvis, hips and tummy</li>"
                "<li>breathing and relaxation techniques to help the "
                "pelvic floor let go</li>"
                "<li>advice on posture, movement and toileting habits, "
                "such as not straining to empty</li>"
                "<li>a gradual, comfortable return to exercise</li>"
                "</ul>"
                "<p>Progress is often gradual, and treatment works best "
                "alongside medical care rather than instead of it.</p>",
            ),
            ("heading", "Bladder diaries and diet"),
            (
                "rich_text",
                "<p>A <b>bladder diary</b> is a simple record, usually kept "
                "for three days, of what you drink, when you pass urine, "
                "roughly how much, and how much pain or urgency you feel. "
                "It shows patterns that are hard to spot otherwise, and it "
                "gives your physiotherapist and doctor a clear "
                "starting point.</p>"
                "<p>Some foods and drinks seem to trigger flare-ups. "
                "Common culprits include coffee and tea, alcohol, fizzy "
                "drinks, citrus fruit, tomatoes, spicy food and artificial "
                "sweeteners, but triggers vary a great deal between people. "
                "Rather than cutting out everything at once, try removing "
                "likely triggers for a few weeks and then reintroducing "
                "them one at a time, noting any change in your diary. Keep "
                "drinking enough water, as very concentrated urine can be "
                "more irritating.</p>",
            ),
            (
                "image",
                {
                    "image": "bladder-diary",
                    "caption": ("A few days of notes on drinks, toilet trips and symptoms can reveal useful patterns."),
                },
            ),
            ("heading", "Medical care"),
            (
                "rich_text",
                "<p>Your GP or specialist may suggest medicines to calm "
                "nerve pain or reduce urgency, and some people are offered "
                "treatments placed directly into the bladder. Support for "
                "sleep, stress and mood is also a genuine part of "
                "treatment, because long-term pain affects the whole of "
                "life. Most people do best with a combination of "
                "approaches.</p>",
            ),
            ("heading", "When to see your GP"),
            (
                "rich_text",
                "<p>Please see your GP if you have ongoing bladder pain or "
                'urgency, or repeated "infections" with negative tests. '
                "Seek medical advice promptly if you notice blood in your "
                "urine, have a fever or pain in your back or side, feel "
                "unwell, or if your symptoms change suddenly.</p>",
            ),
            (
                "call_to_action",
                {
                    "heading": "Get support for bladder pain",
                    "text": (
                        "Book a pelvic health assessment to find out whether your pelvic floor is part of the picture."
                    ),
                    "service": "pelvic-health-assessment",
                },
            ),
        ],
    },
]
