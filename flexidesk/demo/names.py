"""The demo school's fictional place and people's names: no name belongs to a real child."""

from __future__ import annotations

#: The demo's staff, one per role: (username, display name, role, password).

SCHOOL_NAME = "Kestrelford Brook Primary School"
TOWN = "Kestrelford"
COUNTY = "Wealdshire"
LOCAL_AUTHORITY = "Wealdshire County Council"
PROVISION_LEAD = "Mr Tobias Wren (Deputy Headteacher)"  # leads the provision map
LA_CODE = "990"  # not a real local-authority number
ESTABLISHMENT = "2417"
MIN_PUPILS = 30  # enough children for every flexi stage and the placements

# --- names ------------------------------------------------------------------------------
# Each heritage group: (share of families, girls' names, boys' names, surnames). Children
# mostly take names from their family's group and sometimes from any group, as in a real
# English town; the combinations are random, so no name belongs to a real child.

BRITISH_GIRLS = """Olivia Amelia Isla Ava Ivy Freya Lily Florence Mia Willow Rosie Sophia Isabella
Grace Daisy Sienna Poppy Elsie Emily Ella Evelyn Phoebe Sofia Evie Charlotte Harper Millie
Matilda Ruby Alice Aurora Maya Esme Hallie Lucy Eliza Bonnie Ada Emilia Maisie Hannah Layla
Mila Thea Georgia Imogen Erin Nancy Harriet Orla Niamh Aoife Ciara Cerys Seren Ffion Megan
Carys Eilidh Chloe Jessica Lauren Abigail Holly Jasmine Scarlett Violet Iris Hazel Clara
Beatrice Edith Martha Mabel Penelope Rose Lottie Kitty Eva Anna Sophie Katie Caitlin Bethan
Tegan Annabel Rebecca Naomi Leah Esther Miriam Talia Elizabeth Margaret Katherine Keziah
Tiana Shanice Imani Nia""".split()
BRITISH_BOYS = """Noah Oliver George Arthur Leo Harry Oscar Archie Henry Theodore Freddie Jack
Charlie Theo Alfie Jacob Thomas Finley Arlo William Lucas Roman Tommy Isaac Teddy Alexander
Luca Edward James Joshua Albie Elijah Max Reggie Hugo Louie Ronnie Rory Sebastian Samuel
Ezra Jude Harrison Toby Elliot Daniel Benjamin Joseph Dylan Ethan Callum Connor Liam Cian
Oisin Niall Rhys Dafydd Osian Gethin Owain Euan Fraser Hamish Angus Lewis Raphael Felix
Jasper Rupert Otis Stanley Frank Sonny Bobby Harvey Tyler Mason Logan Kieran Declan Ryan
Sean Aidan Nathan Aaron Caleb Levi Reuben Micah Gabriel Adam Patrick Matthew Luke Christopher
Zachary Frederick Jamal Malik Tyrese Kai Jayden""".split()
BRITISH_SURNAMES = """Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts
Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Jackson
Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen
James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook
Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Marshall Anderson
Simpson Ellis Adams Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Hunt Campbell
Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens
Jenkins Murray Dixon Harvey Graham Pearson Fletcher Walsh Gibson Howard Andrews Stewart
Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson
Bradley Spencer Dawson Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant Wells Armstrong
Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter Gregory Carr Lowe Page Marsh
Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins Harding Porter Robertson Newton
Oliver Reed Kennedy Williamson Bird Gardner Dean Lane Cooke Bates Henderson Parry Burgess
Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren Nicholls Hamilton
Byrne Sutton McDonald Yates Hodgson Robson Curtis Hopkins O'Connor Harper Coleman Watkins
Moss McCarthy Chambers O'Neill Griffin Sharp Hardy Wheeler Potter Osborne Johnston Gordon
Doyle Wallace George Jordan Hutchinson MacLeod Sinclair Morrison McKenzie Ferguson""".split()

GROUPS: tuple[tuple[float, list[str], list[str], list[str]], ...] = (
    (0.60, BRITISH_GIRLS, BRITISH_BOYS, BRITISH_SURNAMES),
    (0.07, "Zainab Aisha Fatima Maryam Hafsa Khadija Inaya Aaliyah Noor Hana Leila Yasmin "
           "Safiya Sana Mehwish Rabia Sumaya Amira Iman Zara Alisha Hiba".split(),
     "Muhammad Mohammed Ibrahim Yusuf Zayn Ayaan Ali Hamza Bilal Omar Idris Musa Ismail "
     "Zain Rayan Haroon Imran Tariq Saad Adil".split(),
     "Khan Hussain Ahmed Ali Rahman Miah Islam Uddin Chowdhury Akhtar Iqbal Malik Mahmood "
     "Aslam Qureshi Shah Begum Siddiqui Rashid Nawaz".split()),
    (0.05, "Priya Ananya Diya Kavya Ishani Riya Saanvi Simran Harleen Jasleen Amrit Meera "
           "Anika Tara Navya Jaspreet Pooja".split(),
     "Arjun Aarav Vihaan Rohan Dev Kabir Ishaan Reyansh Sahil Harjit Gurpreet Jaskaran "
     "Manveer Aryan Krish Nikhil Ravi".split(),
     "Patel Singh Kaur Sharma Mistry Chauhan Parmar Joshi Mehta Desai Gupta Kumar Sandhu "
     "Dhillon Gill Bains Sidhu Shah Rana Kapoor".split()),
    (0.05, "Zofia Zuzanna Julia Lena Oliwia Natalia Alicja Maja Hanna Wiktoria Amelia "
           "Ioana Andreea Elena Bianca Maria Daria".split(),
     "Kacper Jakub Szymon Filip Antoni Mikolaj Wojciech Jan Aleksander Andrei Matei "
     "Stefan Mihai Darius Luca Tudor".split(),
     "Nowak Kowalski Wisniewski Wojcik Kaminski Lewandowski Zielinski Szymanski Wozniak "
     "Dabrowski Popescu Ionescu Popa Stan Dumitru Radu Moldovan".split()),
    (0.05, "Nneka Chidinma Adaeze Amaka Ngozi Folake Temi Ayomide Abena Efua Adwoa "
           "Chioma Zainab Tolu Ifeoma Esi".split(),
     "Chukwuemeka Chidi Obinna Tobi Ayodele Femi Kwame Kofi Kwabena Tunde Emeka "
     "Kelechi Yaw Kojo Daniel Samuel".split(),
     "Okafor Okoye Adeyemi Adebayo Oladipo Eze Nwosu Obi Mensah Owusu Boateng Asante "
     "Osei Afolabi Ogunleye Appiah".split()),
    (0.04, "Maria Ines Beatriz Leonor Sara Giulia Chiara Sofia Matilde Francesca Ana "
           "Lucia Carolina".split(),
     "Tiago Rafael Duarte Mateo Marco Alessandro Lorenzo Joao Diogo Gabriel Tomas "
     "Pedro Matteo".split(),
     "Silva Santos Ferreira Pereira Costa Oliveira Rodrigues Almeida Rossi Russo "
     "Ferrari Esposito Romano Ricci".split()),
    (0.03, "Hodan Ifrah Ayan Sahra Hibo Najma Amina Fardowsa Ladan".split(),
     "Abdi Mohamed Abdirahman Hassan Abdullahi Liban Mustafe Yasin Ayub".split(),
     "Mohamed Abdullahi Warsame Farah Hassan Ahmed Ali Jama Nur Egal".split()),
    (0.03, "Ayse Elif Zeynep Defne Ebru Selin Ecem Nehir Yagmur".split(),
     "Emre Mehmet Deniz Kerem Mustafa Baran Efe Can Arda".split(),
     "Yilmaz Kaya Demir Sahin Celik Aydin Ozturk Arslan Dogan".split()),
    (0.03, "Mei Xin Yan Lin Hui Thuy Linh Mai Jia Yu Ngoc Anh".split(),
     "Wei Jun Hao Ming Minh Duc Bao Tuan Jie Hong Kai".split(),
     "Nguyen Tran Pham Chen Wang Li Zhang Liu Wong Cheung Lam Huang Le Ho".split()),
    (0.05, BRITISH_GIRLS, BRITISH_BOYS,
     "Campbell Thomas Brown Williams Clarke Francis Grant Campbell Morgan Reid Bailey "
     "Robinson Lewis Edwards Henry Gayle Ellis Barnes Douglas".split()),
)
ALL_GIRLS = sorted({n for g in GROUPS for n in g[1]})
ALL_BOYS = sorted({n for g in GROUPS for n in g[2]})

#: Familiar forms some children go by.
PREFERRED = {
    "Alexander": "Alex", "Elizabeth": "Libby", "Oliver": "Ollie", "William": "Will",
    "Thomas": "Tom", "Benjamin": "Ben", "Samuel": "Sam", "Matilda": "Tilly",
    "Isabella": "Bella", "Margaret": "Maggie", "Katherine": "Kate", "Joseph": "Joe",
    "Daniel": "Dan", "Florence": "Flo", "Theodore": "Teddy", "Frederick": "Freddie",
    "Penelope": "Penny", "Christopher": "Kit", "Zachary": "Zac", "Abigail": "Abi",
    "Charlotte": "Lottie", "Jessica": "Jess", "Rebecca": "Becky", "Nathaniel": "Nate",
    "Chukwuemeka": "Emeka", "Aleksander": "Olek", "Wiktoria": "Wika", "Muhammad": "Mo",
}

ADULT_WOMEN = """Sarah Emma Laura Rachel Claire Gemma Kirsty Nicola Hayley Kelly Zoe Amy Jodie
Natalie Lisa Joanne Victoria Stacey Leanne Charlotte Hannah Lucy Sophie Jennifer Rebecca
Amanda Helen Louise Samantha Katie Nadia Ruksana Shabana Nasreen Parveen Sunita Anjali
Harpreet Monika Agnieszka Katarzyna Magdalena Alina Cristina Funmi Yewande Grace Akosua
Marta Ana Fadumo Hawa Fatma Hatice Lan Hoa Mei Chantelle Marcia""".split()
ADULT_MEN = """David Paul Mark Andrew Richard Michael Christopher Daniel Matthew James Steven
Robert Craig Gareth Lee Jamie Ryan Adam Ben Tom Stuart Neil Simon Carl Dean Wayne Martin
Imran Asif Tariq Naveed Sanjay Rajesh Manjit Tomasz Piotr Marcin Bogdan Ionut Olumide Chinedu
Kwesi Joao Nuno Ahmed Abdikarim Murat Huseyin Hung Wei Delroy Winston""".split()

STREETS = """Brook Lane|Mill Road|Church Street|Kestrel Way|Orchard Close|Station Road|
Willow Grove|Hawthorn Avenue|Meadow View|Quarry Hill|Tanners Row|Ashdown Road|Chapel Walk|
Beech Crescent|Riverside Court|Fairfield Road|Linden Drive|Hollybush Lane|Market Street|
Victoria Terrace|Albert Road|Foxglove Close|Saxon Way|Priory Gardens|Bramble Rise|
Lark Rise|Weavers Close|Canal Side|Bridge Street|Cedar Park|Elm Tree Walk|Heron Drive|
Marlpit Lane|North Street|Southgate|Greenacres|Sycamore Close|Juniper Way|Clover Road|
Harebell Court|Otter Close|Mallard Way|Coronation Road|Jubilee Close|Queens Road|
Kingfisher Drive|Nightingale Avenue|Rowan Court|Copper Beech Road|Ferndale Road|
Blackthorn Close|Cherry Tree Lane|Badger Walk|Wren Close|Goldcrest Way|Poplar Avenue|
Magpie Lane|Stonecroft|Brewery Lane|Kiln Road""".replace("\n", "").split("|")
VILLAGES = ("Kestrelford", "Kestrelford", "Kestrelford", "Kestrelford", "Lower Ashby",
             "Hatherleigh Green", "Fernbrook")
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a postcode's last part may use
TREES = ("Willow", "Oak", "Rowan", "Hazel", "Birch", "Elm", "Beech", "Holly", "Maple",
          "Cedar", "Alder", "Larch", "Aspen", "Juniper", "Hawthorn", "Chestnut")
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
